"""`flask --app wsgi staff ...`: staff accounts and their role grants, each a thin wrapper."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TypeVar

import click
from flask.cli import AppGroup

from stores import staff as accounts
from stores.services import Services, current_services

staff_cli = AppGroup("staff", help="Staff accounts and their roles on org units.")
T = TypeVar("T")


def _services() -> Services:
    return current_services()


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn a refused account command into a message and a non-zero exit."""
    try:
        yield
    except accounts.AccountError as exc:
        raise click.ClickException(exc.message) from None


def _run(command: Callable[..., T], *args: object) -> T:
    with _refusals():
        return command(_services().engine, *args)


@staff_cli.command("create")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="The name shown to colleagues.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_command(username: str, display_name: str, password_stdin: bool) -> None:
    """Create a staff account; prints a generated password unless one is read from stdin."""
    given = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    password = given or accounts.generate_password()
    now = datetime.now(UTC)
    account = _run(accounts.create_account, username, display_name, password, now)
    click.echo(f"created staff account {account.username}")
    if given is None:
        click.echo(f"password: {password}")


@staff_cli.command("grant")
@click.argument("username")
@click.argument("role")
@click.argument("unit_id")
@click.option("--by", "by", required=True, help="Who grants the role (recorded).")
def grant_command(username: str, role: str, unit_id: str, by: str) -> None:
    """Grant ROLE on the org unit UNIT_ID."""
    tree = _services().tree
    grant = _run(accounts.grant, tree, username, role, unit_id, by, datetime.now(UTC))
    click.echo(f"granted {grant.role.value} on {grant.unit_id} to {username} (by {by})")


@staff_cli.command("revoke")
@click.argument("username")
@click.argument("role")
@click.argument("unit_id")
@click.option("--by", "by", required=True, help="Who revokes the role (recorded).")
def revoke_command(username: str, role: str, unit_id: str, by: str) -> None:
    """Revoke ROLE on UNIT_ID; the grant stays on record with who revoked it and when."""
    tree = _services().tree
    grant = _run(accounts.revoke, tree, username, role, unit_id, by, datetime.now(UTC))
    click.echo(f"revoked {grant.role.value} on {grant.unit_id} from {username} (by {by})")


@staff_cli.command("reset-password")
@click.argument("username")
def reset_password_command(username: str) -> None:
    """Give the account a new password (printed) and end its sessions."""
    password = _run(accounts.reset_password, username, datetime.now(UTC))
    click.echo(f"new password for {username}: {password}")


@staff_cli.command("list")
def list_command() -> None:
    """Every account with its active grants."""
    engine = _services().engine
    for account in accounts.list_accounts(engine):
        grants = accounts.active_grants(engine, account.username)
        roles = ", ".join(f"{g.role.value}@{g.unit_id}" for g in grants) or "no roles"
        state = "" if account.active else " (disabled)"
        click.echo(f"{account.username}\t{account.display_name}{state}\t{roles}")
