"""Export the event log to a file and import it into an empty store, on either backend.

The file is JSON lines: a header (format, the last notification id, the ledger checkpoint when
there is one), one line per stored event in notification order (its notification id, aggregate
id and version, topic, and the stored bytes in base64, exactly as recorded), and a trailer with
the count, so a cut-off file is refused. An import writes every event with its original
notification id in one transaction: the ledger's leaves, which hash the id and the bytes, are
the same afterwards. Snapshots are not exported; aggregates are rebuilt from their events.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any
from uuid import UUID

import psycopg

from core.settings import Settings
from projections.schema import SCHEMA_VERSION, event_table_name
from projections.services import Services

FORMAT = "ducha-events"
FORMAT_VERSION = 1
BATCH = 1000
Row = tuple[int, UUID, int, str, bytes]
Progress = Callable[[int], None]


class BackupError(Exception):
    """The file cannot be imported, or the store cannot take it; the message says why."""


@dataclass(frozen=True)
class Transfer:
    """What an export or import moved: events, the last notification id, the checkpoint."""

    count: int
    last_notification_id: int
    checkpoint: str | None


def _nothing(_count: int) -> None:
    pass


def export_events(
    services: Services, out: IO[str], checkpoint: str | None = None, progress: Progress = _nothing
) -> Transfer:
    """Write every event recorded up to now to `out`; events added meanwhile are left out."""
    recorder = services.app.recorder
    last = recorder.max_notification_id() or 0
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "backend": services.settings.backend,
        "exported_at": datetime.now(UTC).isoformat(),
        "last_notification_id": last,
        "checkpoint": checkpoint,
    }
    out.write(json.dumps(header) + "\n")
    count, start = 0, 0
    while start < last:
        batch = recorder.select_notifications(
            start=start, limit=BATCH, stop=last, inclusive_of_start=False
        )
        if not batch:
            break
        for n in batch:
            line = {
                "id": n.id,
                "originator_id": str(n.originator_id),
                "originator_version": n.originator_version,
                "topic": n.topic,
                "state": base64.b64encode(n.state).decode("ascii"),
            }
            out.write(json.dumps(line) + "\n")
        count, start = count + len(batch), batch[-1].id
        progress(len(batch))
    out.write(json.dumps({"end": FORMAT, "count": count}) + "\n")
    return Transfer(count, last, checkpoint)


def read_header(first_line: str) -> dict[str, Any]:
    """The header of an export file, or BackupError when it is not one."""
    try:
        header = json.loads(first_line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("this is not a Ducha event export (its first line is no header)")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(f"export format version {header.get('version')} is not supported")
    if int(header.get("schema_version", 0)) > SCHEMA_VERSION:
        raise BackupError(
            f"the export comes from schema version {header['schema_version']}, newer than "
            f"this release's {SCHEMA_VERSION}; import it with the newer release"
        )
    return header


def _rows(lines: Iterable[str], declared_last: int) -> Iterator[Row]:
    """The events of the file, checked: ids rising, each field present, the trailer's count."""
    previous, count = 0, 0
    for number, line in enumerate(lines, start=2):
        try:
            item = json.loads(line)
            if item.get("end") == FORMAT:
                if item.get("count") != count:
                    raise BackupError(
                        f"the trailer counts {item.get('count')} events but the file holds {count}"
                    )
                return
            row = (
                int(item["id"]),
                UUID(item["originator_id"]),
                int(item["originator_version"]),
                str(item["topic"]),
                base64.b64decode(item["state"], validate=True),
            )
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
            raise BackupError(f"line {number} is not a stored event ({exc})") from None
        if not previous < row[0] <= declared_last:
            raise BackupError(f"line {number}: notification id {row[0]} is out of order")
        previous, count = row[0], count + 1
        yield row
    raise BackupError("the file ends before its trailer: it was cut off; nothing was imported")


def import_events(
    settings: Settings, lines: Iterable[str], progress: Progress = _nothing
) -> Transfer:
    """Write the exported events into this (empty) store, all or nothing."""
    iterator = iter(lines)
    header = read_header(next(iterator, ""))
    last = int(header.get("last_notification_id", 0))
    count = 0
    with _event_writer(settings) as write:
        batch: list[Row] = []
        for row in _rows(iterator, last):
            batch.append(row)
            if len(batch) == BATCH:
                write(batch)
                count += len(batch)
                progress(len(batch))
                batch = []
        write(batch)
        count += len(batch)
        progress(len(batch))
    return Transfer(count, last, header.get("checkpoint"))


def _refuse_non_empty(last: int | None) -> None:
    if last:
        raise BackupError(
            f"the event store is not empty (it holds events up to notification {last}); "
            f"import only into a new store: point DUCHA_DATA_DIR or DATABASE_URL at an empty "
            f"one and run `flask --app wsgi db init` there first"
        )


@contextmanager
def _event_writer(settings: Settings) -> Iterator[Callable[[Sequence[Row]], None]]:
    """A function writing rows with their ids, inside one transaction that commits at the end."""
    table = event_table_name(settings)
    if settings.database_url is None:
        if not settings.events_path.exists():
            raise BackupError("no event store here; run `flask --app wsgi db init` first")
        conn = sqlite3.connect(settings.events_path, timeout=15, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            _refuse_non_empty(conn.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0])
            sql = f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, state) "
            sql += "VALUES (?, ?, ?, ?, ?)"

            def write(rows: Sequence[Row]) -> None:
                conn.executemany(sql, [(r[0], r[1].hex, *r[2:]) for r in rows])

            yield write
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
        return
    with psycopg.connect(settings.database_url) as pg, pg.cursor() as cursor:
        # No writer may slip in between the emptiness check and the commit.
        cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
        found = cursor.execute(f'SELECT MAX(notification_id) FROM "{table}"').fetchone()
        _refuse_non_empty(found[0] if found else None)
        sql = f'INSERT INTO "{table}" (notification_id, originator_id, originator_version, '
        sql += "topic, state) VALUES (%s, %s, %s, %s, %s)"

        def write(rows: Sequence[Row]) -> None:
            cursor.executemany(sql, rows)

        yield write
        # New events continue after the imported ones.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'notification_id'), "
            f'MAX(notification_id)) FROM "{table}" HAVING MAX(notification_id) IS NOT NULL'
        )
