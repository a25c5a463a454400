"""Alembic's environment for the authoritative tables. stores/migrate.py runs it and hands over
the connection (and with it the transaction) in the configuration's attributes: no alembic.ini
and no URL here, so the revisions always run on the database Ducha's settings name."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from stores.migrate import is_authoritative, load_stores_metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=load_stores_metadata(),
        include_name=is_authoritative,
        render_as_batch=True,  # SQLite alters a table by copying it; batch mode does that
    )
    with context.begin_transaction():
        context.run_migrations()


handed_over = context.config.attributes.get("connection")
if handed_over is None:
    raise RuntimeError("run the migrations with `flask --app wsgi db upgrade`")
run_migrations(handed_over)
