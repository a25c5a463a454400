"""`flask --app wsgi api-keys ...`: keys for Open311 integrators and the staff API."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from admin.api.auth import services
from stores import api_keys
from stores.staff import AccountError, get_account

api_keys_cli = AppGroup("api-keys", help="API keys for Open311 and the staff API.")


@api_keys_cli.command("create")
@click.argument("name")
@click.option("--user", "username", help="The staff account the key acts as (staff API).")
@click.option(
    "--rate-limit",
    default=api_keys.DEFAULT_RATE_LIMIT,
    show_default=True,
    help="Requests this key may make, in Flask-Limiter's syntax.",
)
def create_command(name: str, username: str | None, rate_limit: str) -> None:
    """Create the key NAME; the key is printed once, as the last line."""
    engine = services().engine
    try:
        if username is not None:
            get_account(engine, username)
        key = api_keys.create_key(
            engine, name, datetime.now(UTC), username=username, rate_limit=rate_limit
        )
    except (AccountError, api_keys.ApiKeyError) as exc:
        raise click.ClickException(exc.message) from None
    acts = f"acts as {username}" if username else "Open311 only"
    click.echo(f"created API key {name} ({acts}, {rate_limit}); keep it, it is not shown again:")
    click.echo(key)


@api_keys_cli.command("revoke")
@click.argument("name")
def revoke_command(name: str) -> None:
    """End the key NAME at once."""
    try:
        api_keys.revoke_key(services().engine, name, datetime.now(UTC))
    except api_keys.ApiKeyError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"revoked API key {name}")


@api_keys_cli.command("list")
def list_command() -> None:
    """Every key by name, with its account, limit and state (never the key)."""
    for key in api_keys.list_keys(services().engine):
        state = "revoked" if key.revoked_at else "active"
        click.echo(f"{key.name}\t{key.username or '-'}\t{key.rate_limit}\t{state}")
