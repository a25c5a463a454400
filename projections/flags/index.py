"""The cross-case indexes of the flag projection: what each step adds to them, which other
cases a step can change the flags of, and the candidates one case's evaluation needs.

Times are stored in UTC (SQLite keeps no zone) and handed back aware.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    false,
    insert,
    or_,
    select,
)

from core.case.kinds import EventKind
from core.rules.catalogue import Neighbours, Setting
from core.rules.history import CaseFacts, Step, is_photo
from core.rules.photos import PhotoRecord, phash_bands, phash_of
from core.rules.recurrence import ComplaintRecord, complaint_record, window
from core.rules.speed import ClaimRecord, rushed_claims
from core.rules.texts import TextRecord, bands, text_record
from core.rules.thresholds import Thresholds
from projections.flags.tables import (
    INDEX_TABLES,
    claim_index,
    closing_index,
    photo_index,
    report_index,
    text_index,
)
from stores.readings import readings_for

_METRES_PER_DEGREE = 111_320.0


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def photo_keys(step: Step, limits: Thresholds) -> list[str]:
    keys = [f"sha:{step.get('sha256')}"]
    keys += [f"ph:{band}" for band in phash_bands(phash_of(step), limits.photo_phash_distance)]
    return keys


def _placed_row(facts: CaseFacts, step: Step) -> dict[str, Any]:
    return {
        "case_id": facts.case_id,
        "version": step.version,
        "reference": facts.reference,
        "at": utc(step.at),
        "categories": ",".join(facts.categories),
        "lat": facts.lat,
        "lon": facts.lon,
        "enterprise_code": facts.enterprise_code,
    }


def index_rows(
    step: Step, facts: CaseFacts, limits: Thresholds
) -> list[tuple[Table, dict[str, Any]]]:
    """The index rows a step adds (none for most steps)."""
    at, where = utc(step.at), {"case_id": step.case_id, "version": step.version}
    rows: list[tuple[Table, dict[str, Any]]] = []
    if is_photo(step):
        sha, phash = str(step.get("sha256")), phash_of(step)
        rows += [
            (photo_index, {**where, "key": key, "at": at, "sha256": sha, "phash": phash})
            for key in photo_keys(step, limits)
        ]
    record = text_record(step, limits)
    if record is not None:
        sig = " ".join(str(v) for v in record.signature)
        row = {**where, "at": at, "unit_id": record.unit_id, "signature": sig}
        rows += [(text_index, {**row, "key": key}) for key in bands(record.signature)]
    if step.kind == EventKind.COMPLETION_CLAIMED:
        rows.append((claim_index, {**where, "at": at, "unit_id": step.actor.unit_id}))
    if step.kind == EventKind.REPORTED and complaint_record(facts, step.at) is not None:
        rows.append((report_index, _placed_row(facts, step)))
    if step.kind == EventKind.CLOSED:
        rows.append((closing_index, _placed_row(facts, step)))
    return rows


def write_index(conn: Connection, rows: Sequence[tuple[Table, dict[str, Any]]]) -> None:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for table, row in rows:
        grouped.setdefault(table.name, []).append(row)
    for table in INDEX_TABLES:
        if table.name in grouped:
            conn.execute(insert(table), grouped[table.name])


def clear_index(conn: Connection) -> None:
    for table in INDEX_TABLES:
        conn.execute(delete(table))


def _near(table: Table, facts: CaseFacts, radius_m: float) -> ColumnElement[bool]:
    """Rows about the same enterprise, or inside a box around the case's point."""
    c = table.c
    found: list[ColumnElement[bool]] = []
    if facts.enterprise_code:
        found.append(c.enterprise_code == facts.enterprise_code)
    if facts.lat is not None and facts.lon is not None:
        dlat = radius_m / _METRES_PER_DEGREE
        dlon = dlat / max(0.01, math.cos(math.radians(facts.lat)))
        found.append(
            and_(c.lat.between(facts.lat - dlat, facts.lat + dlat),
                 c.lon.between(facts.lon - dlon, facts.lon + dlon))
        )  # fmt: skip
    return or_(*found) if found else false()


def _shares_category(row: Any, facts: CaseFacts) -> bool:
    return bool(set(row.categories.split(",")) & set(facts.categories))


def affected_by(conn: Connection, step: Step, facts: CaseFacts, limits: Thresholds) -> set[UUID]:
    """Other cases whose flags this step can change: those that come later in time and match
    (a photo or text reused after this one, a later claim in the burst, a closing this new
    report recurs after)."""
    at, others = utc(step.at), set()
    for table, row in index_rows(step, facts, limits):
        c = table.c
        if table is photo_index or table is text_index:
            query = select(c.case_id).where(c.key == row["key"], c.at > at)
        elif table is claim_index:
            span = timedelta(days=limits.burst_window_days)
            query = select(c.case_id).where(
                c.unit_id == row["unit_id"], c.at > at, c.at <= at + span
            )
        elif table is report_index:
            closings = closing_index.c
            near = _near(closing_index, facts, limits.recurrence_radius_m)
            rows = conn.execute(
                select(closings.case_id, closings.categories).where(
                    closings.at < at, closings.at >= at - window(limits), near
                )
            )
            others |= {r.case_id for r in rows if _shares_category(r, facts)}
            continue
        else:
            continue
        others |= set(conn.execute(query).scalars())
    others.discard(step.case_id)
    return others


#: The earliest candidates a photo or text is compared with (boilerplate shares many bands).
CANDIDATES = 20


def neighbours(
    conn: Connection, steps: Sequence[Step], facts: CaseFacts, setting: Setting
) -> Neighbours:
    """The candidates the rules compare this case with: for each photo and text, the earliest
    earlier ones of other cases that share an index key."""
    limits = setting.thresholds
    photos: dict[tuple[UUID, int], PhotoRecord] = {}
    texts: dict[tuple[UUID, int], TextRecord] = {}
    for step in steps:
        if is_photo(step) and step.get("kind") == "after":
            for r in _earliest(conn, photo_index, photo_keys(step, limits), step):
                photos[(r.case_id, r.version)] = PhotoRecord(
                    r.case_id, r.version, utc(r.at), r.sha256, r.phash
                )
        record = text_record(step, limits)
        if record is not None:
            for r in _earliest(conn, text_index, bands(record.signature), step):
                signature = tuple(int(v) for v in r.signature.split())
                texts[(r.case_id, r.version)] = TextRecord(
                    r.case_id, r.version, utc(r.at), r.unit_id, signature
                )
    claims = rushed_claims(steps, limits, setting.zone, setting.inspections)
    return Neighbours(
        photos=list(photos.values()),
        texts=list(texts.values()),
        complaints=_complaints(conn, steps, facts, limits),
        claims=_claims(conn, claims, limits),
        readings=readings_for(conn, facts.case_id),
    )


@cache
def _earliest_query(table: Table) -> Select[Any]:
    """Built once per table and run with parameters: this runs for every photo and text."""
    c = table.c
    return (
        select(*(col for col in c if col.name != "key"))
        .where(c.key == bindparam("key"), c.at < bindparam("at"), c.case_id != bindparam("case"))
        .order_by(c.at)
        .limit(CANDIDATES)
    )


def _earliest(conn: Connection, table: Table, keys: Sequence[str], step: Step) -> list[Any]:
    """The CANDIDATES earliest rows sharing a key: one short index walk per key, merged."""
    query, at = _earliest_query(table), utc(step.at)
    found: dict[tuple[UUID, int], Any] = {}
    for key in sorted(set(keys)):
        for row in conn.execute(query, {"key": key, "at": at, "case": step.case_id}):
            found.setdefault((row.case_id, row.version), row)
    rows = sorted(found.values(), key=lambda r: (utc(r.at), str(r.case_id), r.version))
    return rows[:CANDIDATES]


def _complaints(
    conn: Connection, steps: Sequence[Step], facts: CaseFacts, limits: Thresholds
) -> list[ComplaintRecord]:
    closed = [utc(s.at) for s in steps if s.kind == EventKind.CLOSED]
    if not closed:
        return []
    c = report_index.c
    rows = conn.execute(
        select(report_index).where(
            c.case_id != facts.case_id,
            c.at > closed[0],
            c.at <= closed[-1] + window(limits),
            _near(report_index, facts, limits.recurrence_radius_m),
        )
    )
    return [
        ComplaintRecord(r.case_id, r.reference, utc(r.at), tuple(r.categories.split(",")),
                        r.lat, r.lon, r.enterprise_code)
        for r in rows
    ]  # fmt: skip


def _claims(conn: Connection, claims: Sequence[Step], limits: Thresholds) -> list[ClaimRecord]:
    span = timedelta(days=limits.burst_window_days)
    found: dict[tuple[UUID, int], ClaimRecord] = {}
    c = claim_index.c
    for claim in claims:
        at = utc(claim.at)
        rows = conn.execute(
            select(claim_index).where(
                c.unit_id == claim.actor.unit_id, c.at >= at - span, c.at <= at
            )
        )
        for r in rows:
            found[(r.case_id, r.version)] = ClaimRecord(r.case_id, r.version, utc(r.at), r.unit_id)
    return list(found.values())
