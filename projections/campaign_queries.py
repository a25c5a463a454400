"""What a campaign reads from the case list: each group's checklist, the sampling frame, and the
figures behind the county scorecards.

Integrity flags come from the flags projection's `integrity_flags` table, less the ones a review
dismissed, when the deployment has it; without it every count of flags is 0 and
`Checklist.flags_known` says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, MetaData, Table, func, inspect, select

from core.domain.assessment import DistrictFigures
from core.domain.statuses import Status
from core.domain.values import Origin
from projections.cases import case_rows
from projections.queries import Bind, connect
from projections.timeline import timeline_entries

c = case_rows.c
NOT_REAL = (Status.MERGED.value, Status.DECLINED.value)
#: Statuses in which a rectification has passed acceptance (验收通过).
RECTIFIED = frozenset({Status.VERIFIED.value, Status.PUBLIC_NOTICE.value, Status.CLOSED.value})
FLAGS_TABLE = "integrity_flags"
REVIEWS_TABLE = "flag_reviews"


@dataclass
class OriginLine:
    """One problem list in a district: problems with their measures, and how they stand."""

    origin: str
    problems: int = 0
    measures: int = 0
    rectified: int = 0
    on_time: int = 0
    overdue: int = 0
    flagged: int = 0


@dataclass(frozen=True)
class ChecklistCase:
    case_id: UUID
    reference: str
    title: str
    origin: str
    status: str
    deadline: date | None
    overdue: bool
    flags: int
    is_measure: bool


@dataclass
class Checklist:
    district_id: str
    lines: list[OriginLine]
    cases: list[ChecklistCase] = field(default_factory=list)
    flags_known: bool = True

    @property
    def totals(self) -> OriginLine:
        total = OriginLine("total")
        for line in self.lines:
            for name in ("problems", "measures", "rectified", "on_time", "overdue", "flagged"):
                setattr(total, name, getattr(total, name) + getattr(line, name))
        return total


def _flag_table(conn: Connection) -> Table | None:
    if not inspect(conn).has_table(FLAGS_TABLE):
        return None
    table = Table(FLAGS_TABLE, MetaData(), autoload_with=conn)
    return table if {"flag_id", "case_id"} <= set(table.c.keys()) else None


def _dismissed(conn: Connection) -> set[str]:
    """Flags whose latest review dismissed them (explained, no action needed)."""
    if not inspect(conn).has_table(REVIEWS_TABLE):
        return set()
    reviews = Table(REVIEWS_TABLE, MetaData(), autoload_with=conn)
    latest: dict[str, tuple[int, str]] = {}
    for flag_id, version, decision in conn.execute(
        select(reviews.c.flag_id, reviews.c.version, reviews.c.decision)
    ):
        if flag_id not in latest or version > latest[flag_id][0]:
            latest[flag_id] = (version, decision)
    return {flag_id for flag_id, (_v, decision) in latest.items() if decision == "dismissed"}


def flag_counts(conn: Connection, case_ids: Collection[UUID]) -> dict[UUID, int] | None:
    """Standing flags per case (dismissed ones do not count), or None when this deployment has
    no flags projection."""
    table = _flag_table(conn)
    if table is None:
        return None
    dismissed = _dismissed(conn)
    counts: Counter[UUID] = Counter()
    for flag_id, case_id in conn.execute(select(table.c.flag_id, table.c.case_id)):
        if flag_id not in dismissed:
            counts[UUID(str(case_id))] += 1
    return {cid: counts[cid] for cid in case_ids}


def _rows(conn: Connection, districts: Collection[str]) -> list[Any]:
    query = select(
        c.case_id,
        c.reference,
        c.title,
        c.origin,
        c.status,
        c.parent_id,
        c.deadline,
        c.clock_running,
        c.closed_on_time,
        c.district_id,
    ).where(c.district_id.in_(list(districts)), c.status.not_in(NOT_REAL))
    return list(conn.execute(query.order_by(c.reference)))


def _list_origin(row: Any, origins: Mapping[UUID, str]) -> str:
    """A measure counts under its problem's list."""
    if row.origin == Origin.MEASURE.value and row.parent_id is not None:
        return origins.get(row.parent_id, row.origin)
    return str(row.origin)


def checklist(bind: Bind, district_id: str, scope: Collection[str], today: date) -> Checklist:
    """A group's checklist for one district: the cases of the campaign's lists, counted."""
    with connect(bind) as conn:
        rows = _rows(conn, [district_id])
        flags = flag_counts(conn, [r.case_id for r in rows])
    origins = {r.case_id: r.origin for r in rows}
    lines = {o: OriginLine(o) for o in scope}
    result = Checklist(district_id, [], flags_known=flags is not None)
    for row in rows:
        origin = _list_origin(row, origins)
        if origin not in lines:
            continue
        line = lines[origin]
        is_measure = row.origin == Origin.MEASURE.value
        overdue = bool(row.clock_running and row.deadline is not None and row.deadline < today)
        flagged = (flags or {}).get(row.case_id, 0)
        line.measures += is_measure
        line.problems += not is_measure
        line.rectified += row.status in RECTIFIED
        line.on_time += bool(row.closed_on_time)
        line.overdue += overdue
        line.flagged += flagged > 0
        result.cases.append(
            ChecklistCase(
                row.case_id,
                row.reference,
                row.title,
                origin,
                row.status,
                row.deadline,
                overdue,
                flagged,
                is_measure,
            )
        )
    result.lines = [lines[o] for o in scope]
    return result


def sampling_frame(bind: Bind, district_id: str, scope: Collection[str]) -> list[str]:
    """The references of the district's rectified items on the campaign's lists, sorted."""
    with connect(bind) as conn:
        rows = _rows(conn, [district_id])
    origins = {r.case_id: r.origin for r in rows}
    return sorted(
        r.reference for r in rows if r.status in RECTIFIED and _list_origin(r, origins) in scope
    )


def district_figures(
    bind: Bind, districts: Collection[str], attainment: Mapping[str, float | None]
) -> list[DistrictFigures]:
    """The scorecard figures of each district, over all its real cases."""
    t = timeline_entries.c
    with connect(bind) as conn:
        rows = conn.execute(
            select(
                c.case_id,
                c.district_id,
                c.status,
                c.closed_on_time,
                c.first_closed_at,
                c.round,
                c.open_objections,
            ).where(c.district_id.in_(list(districts)), c.status.not_in(NOT_REAL))
        ).all()
        verdicts = conn.execute(
            select(t.case_id, t.event_type, func.count())
            .where(t.event_type.in_(["Verified", "VerificationFailed"]))
            .group_by(t.case_id, t.event_type)
        ).all()
        flags = flag_counts(conn, [r.case_id for r in rows]) or {}
    verified = {cid for cid, kind, _n in verdicts if kind == "Verified"}
    failed = {cid for cid, kind, _n in verdicts if kind == "VerificationFailed"}
    counts: dict[str, Counter[str]] = {d: Counter() for d in districts}
    for row in rows:
        n = counts[row.district_id]
        n["cases"] += 1
        closed_now = row.status == Status.CLOSED.value and row.closed_on_time is not None
        n["closed"] += closed_now
        n["closed_on_time"] += closed_now and bool(row.closed_on_time)
        n["verified"] += row.case_id in verified
        n["verified_first_pass"] += row.case_id in verified and row.case_id not in failed
        n["ever_closed"] += row.first_closed_at is not None
        n["rebounded"] += row.first_closed_at is not None and row.round > 1
        n["flags"] += flags.get(row.case_id, 0)
        n["open_objections"] += row.open_objections
    return [
        DistrictFigures(
            district_id=d,
            cases=counts[d]["cases"],
            closed=counts[d]["closed"],
            closed_on_time=counts[d]["closed_on_time"],
            verified=counts[d]["verified"],
            verified_first_pass=counts[d]["verified_first_pass"],
            ever_closed=counts[d]["ever_closed"],
            rebounded=counts[d]["rebounded"],
            flags=counts[d]["flags"],
            open_objections=counts[d]["open_objections"],
            indicator_attainment=attainment.get(d),
        )
        for d in districts
    ]
