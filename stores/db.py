"""The read side's database: one SQLAlchemy engine per process, and the authoritative tables'
metadata."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event

#: The tables nothing rebuilds (staff, contacts, API keys, readings, ...). The Alembic revisions
#: in stores/migrations create and change them (`flask --app wsgi db upgrade`), never create_all:
#: create_all cannot add a column to a table that already holds rows.
stores_metadata = MetaData()


def make_engine(url: str, pool_size: int = 3) -> Engine:
    """An engine for the read side; SQLite gets WAL and a busy timeout like the event store.

    Its errors never carry their statement's parameters: those are complainants' names and
    addresses, reports' texts, and an error's message ends up in a log.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_pre_ping=True,
        hide_parameters=True,
    )
