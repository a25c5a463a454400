"""`flask --app wsgi campaigns import-indicators FILE`: binding indicators from a CSV."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from admin.campaigns.indicators import read_indicator_csv
from core.domain.errors import InvalidInput
from core.domain.roles import Actor, Role
from stores.campaigns import campaigns_of
from stores.services import current_services

campaigns_cli = AppGroup("campaigns", help="Special inspection campaigns and binding indicators.")


@campaigns_cli.command("import-indicators")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", default="import", show_default=True, help="User id recorded on events.")
def import_indicators(path: Path, user: str) -> None:
    """Record targets and measured values; nothing is recorded while any row is wrong."""
    services = current_services()
    try:
        result = read_indicator_csv(path.read_bytes(), services.tree)
    except InvalidInput as exc:
        raise click.ClickException(exc.message) from None
    if result.errors:
        for error in result.errors:
            click.echo(f"line {error.line}: {error.message}", err=True)
        raise click.ClickException(f"{len(result.errors)} rows have errors; nothing was recorded")
    actor = Actor(user, services.tree.root.id, Role.OFFICE)
    count = campaigns_of(services).record_indicators(actor, result.values, f"csv:{path.name}")
    click.echo(f"recorded {count} binding-indicator values")
