"""Export everything that cannot be rebuilt to one file, and import it into an empty store.

The file is JSON lines: a header (format, the last notification id of each event log, the ledger
checkpoint when there is one); every stored event (cases, campaigns, flag reviews) in
notification order, with its id, aggregate id and version, topic and the stored bytes in base64,
exactly as recorded; the rows of the read-side tables no projection rebuilds (accounts, contacts,
mail sent, ...); and a trailer with the counts, so a cut-off file is refused. An import writes
the events with their original ids, so the ledger's leaves, which hash the id and the bytes, are
the same afterwards; nothing is written unless the whole file is read. Snapshots are not
exported: aggregates are rebuilt from their events, read models by `projections rebuild`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from ops.backup.stores import (
    LOGS,
    BackupError,
    Row,
    Writer,
    event_writers,
    kept_tables,
    recorders,
    table_rows,
    table_writer,
)
from stores.migrate import SCHEMA_VERSION
from stores.services import Services

__all__ = ["BackupError", "Transfer", "export_all", "import_all", "read_header"]

FORMAT = "ducha-export"
FORMAT_VERSION = 1
BATCH = 1000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Transfer:
    """What an export or import moved: events per log, table rows, last ids, the checkpoint."""

    events: dict[str, int]
    rows: int
    last: dict[str, int]
    checkpoint: str | None


def _nothing(_count: int) -> None:
    pass


def _export_log(
    out: IO[str], log: str, recorder: ApplicationRecorder, last: int, progress: Progress
) -> int:
    count, start = 0, 0
    while start < last:
        batch = recorder.select_notifications(
            start=start, limit=BATCH, stop=last, inclusive_of_start=False
        )
        if not batch:
            break
        for n in batch:
            line = {
                "log": log,
                "id": n.id,
                "originator_id": str(n.originator_id),
                "originator_version": n.originator_version,
                "topic": n.topic,
                "state": base64.b64encode(n.state).decode("ascii"),
            }
            out.write(json.dumps(line) + "\n")
        count, start = count + len(batch), batch[-1].id
        progress(len(batch))
    return count


def export_all(
    services: Services, out: IO[str], checkpoint: str | None = None, progress: Progress = _nothing
) -> Transfer:
    """Write every event recorded up to now, then the kept tables' rows, to `out`."""
    logs = recorders(services)
    last = {log: recorder.max_notification_id() or 0 for log, recorder in logs.items()}
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "backend": services.settings.backend,
        "exported_at": datetime.now(UTC).isoformat(),
        "logs": last,
        "checkpoint": checkpoint,
    }
    out.write(json.dumps(header) + "\n")
    events = {log: _export_log(out, log, logs[log], last[log], progress) for log in LOGS}
    rows = 0
    for table in kept_tables():
        for row in table_rows(services.engine, table):
            out.write(json.dumps({"table": table.name, "row": row}, ensure_ascii=False) + "\n")
            rows += 1
    out.write(json.dumps({"end": FORMAT, "events": events, "rows": rows}) + "\n")
    return Transfer(events, rows, last, checkpoint)


def read_header(first_line: str) -> dict[str, Any]:
    """The header of an export file, or BackupError when it is not one."""
    try:
        header = json.loads(first_line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("this is not a Ducha export (its first line is no header)")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(f"export format version {header.get('version')} is not supported")
    if int(header.get("schema_version", 0)) > SCHEMA_VERSION:
        raise BackupError(
            f"the export comes from schema version {header['schema_version']}, newer than "
            f"this release's {SCHEMA_VERSION}; import it with the newer release"
        )
    logs = header.get("logs")
    if (
        not isinstance(logs, dict)
        or set(logs) != set(LOGS)
        or not all(isinstance(v, int) and v >= 0 for v in logs.values())
    ):
        raise BackupError(f"the header must give the last id of the logs {', '.join(LOGS)}")
    return header


def _event(item: dict[str, Any]) -> Row:
    return (
        int(item["id"]),
        UUID(item["originator_id"]),
        int(item["originator_version"]),
        str(item["topic"]),
        base64.b64decode(item["state"], validate=True),
    )


def _items(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, start=2):
        try:
            item = json.loads(line)
        except ValueError:
            item = None
        if not isinstance(item, dict):
            raise BackupError(f"line {number} is not a JSON object")
        yield number, item


class _Loader:
    """Feeds the file's lines to the writers, checking order and counts as it goes."""

    def __init__(self, last: dict[str, int], writers: dict[str, Writer], progress: Progress):
        self.last, self.writers, self.progress = last, writers, progress
        self.previous = dict.fromkeys(LOGS, 0)
        self.events = dict.fromkeys(LOGS, 0)
        self.pending: dict[str, list[Row]] = {log: [] for log in LOGS}
        self.rows = 0

    def event(self, number: int, item: dict[str, Any]) -> None:
        log = item.get("log")
        if log not in self.writers:
            raise BackupError(f"line {number}: unknown event log {log!r}")
        try:
            row = _event(item)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
            raise BackupError(f"line {number} is not a stored event ({exc})") from None
        if not self.previous[log] < row[0] <= int(self.last[log]):
            raise BackupError(f"line {number}: notification id {row[0]} is out of order")
        self.previous[log] = row[0]
        self.pending[log].append(row)
        if len(self.pending[log]) >= BATCH:
            self.flush(log)

    def flush(self, log: str) -> None:
        batch, self.pending[log] = self.pending[log], []
        self.writers[log](batch)
        self.events[log] += len(batch)
        self.progress(len(batch))

    def end(self, item: dict[str, Any]) -> None:
        for log in LOGS:
            self.flush(log)
        if item.get("events") != self.events or item.get("rows") != self.rows:
            raise BackupError(
                f"the trailer counts {item.get('events')} events and {item.get('rows')} rows, "
                f"the file holds {self.events} and {self.rows}"
            )


def import_all(services: Services, lines: Iterable[str], progress: Progress = _nothing) -> Transfer:
    """Write the file's events and rows into this empty store: all of them, or nothing."""
    iterator = iter(lines)
    header = read_header(next(iterator, ""))
    last = {log: int(header["logs"][log]) for log in LOGS}
    with (
        event_writers(services.settings) as writers,
        table_writer(services.engine, kept_tables()) as write_row,
    ):
        loader = _Loader(last, writers, progress)
        for number, item in _items(iterator):
            if item.get("end") == FORMAT:
                loader.end(item)
                break
            if "table" in item:
                write_row(str(item["table"]), item.get("row") or {})
                loader.rows += 1
            else:
                loader.event(number, item)
        else:
            raise BackupError(
                "the file ends before its trailer: it was cut off; nothing was imported"
            )
    return Transfer(loader.events, loader.rows, last, header.get("checkpoint"))
