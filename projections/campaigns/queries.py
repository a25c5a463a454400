"""What a campaign reads from the case list: each group's checklist, the sampling frame, and the
figures behind the county scorecards.

Integrity flags come from the flags projection's tables: the flags raised, less the ones whose
latest review dismissed them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, and_, func, select

from core.campaign.assessment import DistrictFigures
from core.case.kinds import EventKind
from core.case.statuses import Status
from core.domain.values import Origin
from core.review.aggregate import Decision
from projections.cases.projection import case_rows
from projections.cases.queries import Bind, connect
from projections.flags.tables import flag_reviews, flags
from projections.timeline.projection import timeline_entries

c = case_rows.c
NOT_REAL = (Status.MERGED.value, Status.DECLINED.value)
#: Statuses in which a rectification has passed acceptance (验收通过).
RECTIFIED = frozenset({Status.VERIFIED.value, Status.PUBLIC_NOTICE.value, Status.CLOSED.value})


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

    @property
    def totals(self) -> OriginLine:
        total = OriginLine("total")
        for line in self.lines:
            for name in ("problems", "measures", "rectified", "on_time", "overdue", "flagged"):
                setattr(total, name, getattr(total, name) + getattr(line, name))
        return total


def _dismissed(conn: Connection) -> set[str]:
    """Flags whose latest review dismissed them (explained, no action needed)."""
    r = flag_reviews.c
    latest: dict[str, tuple[int, str]] = {}
    for flag_id, version, decision in conn.execute(select(r.flag_id, r.version, r.decision)):
        if flag_id not in latest or version > latest[flag_id][0]:
            latest[flag_id] = (version, decision)
    dismissed = Decision.DISMISSED.value
    return {flag_id for flag_id, (_v, decision) in latest.items() if decision == dismissed}


def standing_flags(conn: Connection, districts: Collection[str]) -> list[tuple[UUID, str]]:
    """(case, district) of every standing flag on the districts' real cases."""
    dismissed = _dismissed(conn)
    query = (
        select(flags.c.flag_id, c.case_id, c.district_id)
        .join(case_rows, c.case_id == flags.c.case_id)
        .where(c.district_id.in_(list(districts)), c.status.not_in(NOT_REAL))
    )
    return [
        (case_id, district)
        for flag_id, case_id, district in conn.execute(query)
        if flag_id not in dismissed
    ]


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


def checklists(
    bind: Bind,
    districts: Collection[str],
    scope: Collection[str],
    today: date,
    with_cases: bool = False,
) -> dict[str, Checklist]:
    """Each district's checklist: the cases of the campaign's lists, counted (and listed, when
    `with_cases`), in one read."""
    with connect(bind) as conn:
        rows = _rows(conn, districts)
        standing = standing_flags(conn, districts)
    flagged_cases = Counter(case_id for case_id, _d in standing)
    origins = {r.case_id: r.origin for r in rows}
    result = {d: Checklist(d, [OriginLine(o) for o in scope]) for d in districts}
    lines = {(d, line.origin): line for d, card in result.items() for line in card.lines}
    for row in rows:
        origin = _list_origin(row, origins)
        line = lines.get((row.district_id, origin))
        if line is None:
            continue
        is_measure = row.origin == Origin.MEASURE.value
        overdue = bool(row.clock_running and row.deadline is not None and row.deadline < today)
        flagged = flagged_cases[row.case_id]
        line.measures += is_measure
        line.problems += not is_measure
        line.rectified += row.status in RECTIFIED
        line.on_time += bool(row.closed_on_time)
        line.overdue += overdue
        line.flagged += flagged > 0
        if not with_cases:
            continue
        result[row.district_id].cases.append(
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
    return result


def checklist(bind: Bind, district_id: str, scope: Collection[str], today: date) -> Checklist:
    """One district's checklist, its cases listed."""
    return checklists(bind, [district_id], scope, today, with_cases=True)[district_id]


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
    """The scorecard figures of each district, over all its real cases, counted in SQL."""
    t = timeline_entries.c
    verified = select(t.case_id).where(t.event_type == EventKind.VERIFIED.value)
    failed = select(t.case_id).where(t.event_type == EventKind.VERIFICATION_FAILED.value)
    closed_now = and_(c.status == Status.CLOSED.value, c.closed_on_time.is_not(None))
    was_verified = c.case_id.in_(verified)
    query = (
        select(
            c.district_id,
            func.count(),
            func.count().filter(closed_now),
            func.count().filter(closed_now, c.closed_on_time.is_(True)),
            func.count().filter(was_verified),
            func.count().filter(was_verified, c.case_id.not_in(failed)),
            func.count().filter(c.first_closed_at.is_not(None)),
            func.count().filter(c.first_closed_at.is_not(None), c.round > 1),
            func.coalesce(func.sum(c.open_objections), 0),
        )
        .where(c.district_id.in_(list(districts)), c.status.not_in(NOT_REAL))
        .group_by(c.district_id)
    )
    with connect(bind) as conn:
        counted = {row[0]: [int(n) for n in row[1:]] for row in conn.execute(query)}
        flags_of = Counter(district for _case, district in standing_flags(conn, districts))
    figures = []
    for d in districts:
        cases, closed, on_time, ver, first, ever, rebounded, objections = counted.get(d, [0] * 8)
        figures.append(
            DistrictFigures(
                district_id=d,
                cases=cases,
                closed=closed,
                closed_on_time=on_time,
                verified=ver,
                verified_first_pass=first,
                ever_closed=ever,
                rebounded=rebounded,
                flags=flags_of[d],
                open_objections=objections,
                indicator_attainment=attainment.get(d),
            )
        )
    return figures
