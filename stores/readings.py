"""Monitoring readings (station or section, metric, time, value, limit) linked to cases, for
R9; imported from CSV. Not a projection: imported data, kept across rebuilds."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    insert,
    select,
)

from core.case.references import case_id_for
from core.rules.monitoring import Reading
from stores.db import stores_metadata

readings = Table(
    "monitoring_readings",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("station", String(200), nullable=False),
    Column("metric", String(100), nullable=False),
    Column("measured_at", DateTime(timezone=True), nullable=False),
    Column("value", Float, nullable=False),
    Column("limit_value", Float, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("case_id", "station", "metric", "measured_at", name="uq_monitoring_reading"),
)

COLUMNS = ("case", "station", "metric", "time", "value", "limit")
MAX_ROWS = 100_000


@dataclass
class ReadingsImport:
    """What an import did: rows taken, rows already known, and each refused row's reason."""

    imported: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    cases: set[UUID] = field(default_factory=set)


def _number(raw: str, what: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise ValueError(f"{what} {raw!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{what} must be a finite number")
    return value


def _time(raw: str, zone: tzinfo) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"time {raw!r} is not an ISO 8601 date and time") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(UTC)


def parse_row(
    row: dict[str, str | None], zone: tzinfo, known: Callable[[UUID], bool]
) -> dict[str, object]:
    """One CSV row as a table row; ValueError saying what is wrong with it."""
    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    empty = [k for k, v in values.items() if not v]
    if empty:
        raise ValueError(f"missing {', '.join(empty)}")
    case_id = case_id_for(values["case"].upper())
    if not known(case_id):
        raise ValueError(f"no case {values['case']}")
    limit = _number(values["limit"], "limit")
    if limit <= 0:
        raise ValueError("limit must be above zero")
    return {
        "case_id": case_id,
        "station": values["station"][:200],
        "metric": values["metric"][:100],
        "measured_at": _time(values["time"], zone),
        "value": _number(values["value"], "value"),
        "limit_value": limit,
    }


def import_readings(
    conn: Connection, text: str, zone: tzinfo, known: Callable[[UUID], bool], now: datetime
) -> ReadingsImport:
    """Take every good row of a CSV (header: case,station,metric,time,value,limit); report
    the others by line. Rows already imported are counted, not doubled."""
    report = ReadingsImport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append((1, f"the header lacks {', '.join(missing)}"))
        return report
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            report.errors.append((number, f"at most {MAX_ROWS} rows per file"))
            break
        try:
            parsed = parse_row(row, zone, known)
        except ValueError as exc:
            report.errors.append((number, str(exc)))
            continue
        c = readings.c
        exists = conn.execute(
            select(c.id).where(
                c.case_id == parsed["case_id"], c.station == parsed["station"],
                c.metric == parsed["metric"], c.measured_at == parsed["measured_at"],
            )
        ).first()  # fmt: skip
        if exists:
            report.duplicates += 1
            continue
        conn.execute(insert(readings).values(**parsed, imported_at=now))
        report.imported += 1
        report.cases.add(parsed["case_id"])  # type: ignore[arg-type]
    return report


def readings_for(conn: Connection, case_id: UUID) -> list[Reading]:
    c = readings.c
    rows = conn.execute(select(readings).where(c.case_id == case_id).order_by(c.measured_at))
    return [_reading(r) for r in rows]


def _reading(r: Any) -> Reading:
    measured = r.measured_at.replace(tzinfo=UTC) if r.measured_at.tzinfo is None else r.measured_at
    return Reading(r.station, r.metric, measured, r.value, r.limit_value)


def all_case_ids(conn: Connection) -> Iterable[UUID]:
    return conn.execute(select(readings.c.case_id).distinct()).scalars()
