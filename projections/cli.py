"""`flask --app wsgi db …`: the schema."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from projections.schema import init_schema

db_cli = AppGroup("db", help="The database schema.")


@db_cli.command("init")
def init_command() -> None:
    """Create the event store and read-side tables (idempotent)."""
    services = current_app.extensions["ducha"]
    tables = init_schema(services.settings)
    where = services.settings.database_url or str(services.settings.data_dir)
    click.echo(
        f"schema ready ({services.settings.backend}, {where}): {len(tables)} read-side tables"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
