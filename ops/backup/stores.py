"""Where an export is read from and an import written to: the event logs, with their ids, and the
read-side tables that no projection can rebuild (staff accounts, complainant contacts, mail sent,
API keys, signed checkpoints, ...), each written in one transaction into an empty store."""

from __future__ import annotations

import base64
import binascii
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import ApplicationRecorder
from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    Numeric,
    Table,
    Uuid,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from core.settings import Settings
from stores.meta import meta_table
from stores.migrate import load_stores_metadata
from stores.services import Services

#: The event logs, by application name: one, the application's (cases, campaigns, flag reviews;
#: the ledger's). The file format names the log of each event so that it can hold more.
LOGS = ("ducha",)
Row = tuple[int, UUID, int, str, bytes]
Writer = Callable[[Sequence[Row]], None]
RowWriter = Callable[[str, dict[str, Any]], None]


class BackupError(Exception):
    """The file cannot be imported, or the store cannot take it; the message says why."""


def recorders(services: Services) -> dict[str, ApplicationRecorder]:
    return {"ducha": services.app.recorder}


def _store_env(settings: Settings, log: str) -> Mapping[str, str]:
    return settings.event_store_env()


def refuse_non_empty(what: str, last: Any) -> None:
    if last:
        raise BackupError(
            f"the {what} is not empty; import only into a new store: point DUCHA_DATA_DIR or "
            f"DATABASE_URL at an empty one and run `flask --app wsgi db init` there first"
        )


@contextmanager
def _sqlite_writer(path: Path, log: str) -> Iterator[Writer]:
    if not path.exists():
        raise BackupError("no event store here; run `flask --app wsgi db init` first")
    conn = sqlite3.connect(path, timeout=15, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        found = conn.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
        refuse_non_empty(f"event log {log!r}", found[0])
        sql = "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
        sql += "VALUES (?, ?, ?, ?, ?)"

        def write(rows: Sequence[Row]) -> None:
            conn.executemany(sql, [(r[0], r[1].hex, *r[2:]) for r in rows])

        yield write
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


@contextmanager
def _postgres_writer(url: str, log: str) -> Iterator[Writer]:
    table = f'"{log}_events"'
    with psycopg.connect(url) as pg, pg.cursor() as cursor:
        # No writer may slip in between the emptiness check and the commit.
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        found = cursor.execute(f"SELECT MAX(notification_id) FROM {table}").fetchone()
        refuse_non_empty(f"event log {log!r}", found[0] if found else None)
        sql = f"INSERT INTO {table} (notification_id, originator_id, originator_version, "
        sql += "topic, state) VALUES (%s, %s, %s, %s, %s)"

        def write(rows: Sequence[Row]) -> None:
            cursor.executemany(sql, rows)

        yield write
        # New events continue after the imported ones.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'notification_id'), "
            f"MAX(notification_id)) FROM {table} HAVING MAX(notification_id) IS NOT NULL"
        )


@contextmanager
def event_writers(settings: Settings) -> Iterator[dict[str, Writer]]:
    """A writer per log, keeping the notification ids; all commit at the end, or none."""
    with ExitStack() as stack:
        writers = {}
        for log in LOGS:
            if settings.database_url is None:
                path = Path(_store_env(settings, log)["SQLITE_DBNAME"])
                writers[log] = stack.enter_context(_sqlite_writer(path, log))
            else:
                writers[log] = stack.enter_context(_postgres_writer(settings.database_url, log))
        yield writers


# -- read-side tables that are not projections ---------------------------------------------------


def kept_tables() -> list[Table]:
    """The read-side tables no projection rebuilds (the authoritative ones, which Alembic
    migrates), parents before children."""
    return list(load_stores_metadata().sorted_tables)


def encode_row(row: Mapping[str, Any]) -> dict[str, Any]:
    def encode(value: Any) -> Any:
        if isinstance(value, bytes | memoryview):
            return base64.b64encode(bytes(value)).decode("ascii")
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, UUID | Decimal):
            return str(value)
        return value

    return {key: encode(value) for key, value in row.items()}


def decode_row(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    """The row as the table's column types want it; naive times were written as UTC."""
    row: dict[str, Any] = {}
    for name, value in data.items():
        column = table.c[name]
        kind = column.type
        if value is None:
            row[name] = None
        elif isinstance(kind, LargeBinary):
            row[name] = base64.b64decode(value)
        elif isinstance(kind, DateTime):
            moment = datetime.fromisoformat(value)
            row[name] = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        elif isinstance(kind, Date):
            row[name] = date.fromisoformat(value)
        elif isinstance(kind, Uuid):
            row[name] = UUID(value)
        elif isinstance(kind, Numeric):
            row[name] = Decimal(value)
        else:
            row[name] = value
    return row


def table_rows(engine: Engine, table: Table) -> Iterator[dict[str, Any]]:
    with engine.connect() as conn:
        query = select(table).order_by(*table.primary_key.columns)
        for row in conn.execution_options(yield_per=1000).execute(query).mappings():
            yield encode_row({str(key): value for key, value in row.items()})


def _refuse_filled_tables(conn: Connection, tables: Sequence[Table]) -> set[str]:
    """The meta keys already set (by `db init`); BackupError when any other table has rows."""
    for table in tables:
        if (
            table is not meta_table
            and conn.execute(select(func.count()).select_from(table)).scalar()
        ):
            refuse_non_empty(f"table {table.name}", True)
    return set(conn.execute(select(meta_table.c.key)).scalars())


@contextmanager
def table_writer(
    engine: Engine, tables: Sequence[Table]
) -> Iterator[Callable[[str, dict[str, Any]], None]]:
    """A writer of exported rows into these (empty) tables, in one transaction."""
    by_name = {t.name: t for t in tables}
    with engine.begin() as conn:
        meta_keys = _refuse_filled_tables(conn, tables)

        def write(name: str, data: dict[str, Any]) -> None:
            table = by_name.get(name)
            if table is None:
                raise BackupError(f"the file holds rows of an unknown table {name!r}")
            if table is meta_table and data.get("key") in meta_keys:
                return  # this store's own schema version stays
            try:
                conn.execute(insert(table).values(decode_row(table, data)))
            except (KeyError, ValueError, TypeError, binascii.Error, SQLAlchemyError) as exc:
                raise BackupError(f"a row of {name} cannot be written ({exc})") from None

        yield write
        if conn.dialect.name == "postgresql":  # ids go on after the imported ones
            for table in tables:
                if table.autoincrement_column is not None:
                    _continue_sequence(conn, table.name, table.autoincrement_column.name)


def _continue_sequence(conn: Connection, table: str, column: str) -> None:
    sequence = f"pg_get_serial_sequence('{table}', '{column}')"
    conn.execute(
        text(
            f"SELECT setval({sequence}, MAX({column})) FROM {table} "
            f"HAVING MAX({column}) IS NOT NULL"
        )
    )
