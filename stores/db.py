"""The read side's database: one SQLAlchemy engine per process and the shared metadata."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event

#: Every read-side table (projections, contacts, staff) registers here; `db init` creates them.
metadata = MetaData()


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
