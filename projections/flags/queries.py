"""Reading integrity flags: per case, one flag with its reviews and cited events, a filtered
list, counts by rule, district, unit, month, severity and review, and flags per 100 cases.

Other pages (the officials' case page, the county scorecard) use these.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, true

from projections.cases.queries import MAX_PAGE_SIZE, Bind, Page, aware, connect
from projections.flags.tables import flag_cases, flag_reviews, flags
from projections.timeline.projection import timeline_entries

REVIEW_STATES = ("open", "confirmed", "dismissed")
GROUPS = {
    "rule": flags.c.rule,
    "district": flags.c.district_id,
    "unit": flags.c.unit_id,
    "month": flags.c.month,
    "severity": flags.c.severity,
}


@dataclass(frozen=True)
class Review:
    version: int
    decision: str
    reason: str
    reviewer: str
    reviewed_at: datetime


@dataclass(frozen=True)
class FlagRow:
    """A flag as pages show it; `review` is the latest review, `reviews` all (on one flag)."""

    flag_id: str
    case_id: UUID
    reference: str
    rule: str
    severity: str
    explanation: str
    cited: list[tuple[UUID, int]]
    raised_at: datetime
    month: str
    district_id: str
    unit_id: str | None
    proposal: str | None
    review: Review | None = None
    reviews: list[Review] = field(default_factory=list)
    template: str | None = None  # the explanation's English template, for pages to translate
    params: dict[str, str] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return "open" if self.review is None else self.review.decision


@dataclass(frozen=True)
class CitedEvent:
    case_id: UUID
    version: int
    event_type: str
    recorded_at: datetime | None
    actor: str
    summary_en: str
    summary_zh: str


@dataclass(frozen=True)
class FlagFilters:
    rule: str | None = None
    district_id: str | None = None
    unit_id: str | None = None
    severity: str | None = None
    state: str | None = None  # open, confirmed or dismissed
    month: str | None = None


def _cited(raw: str) -> list[tuple[UUID, int]]:
    items = []
    for item in raw.split():
        case_id, _sep, version = item.rpartition(":")
        items.append((UUID(case_id), int(version)))
    return items


def _latest() -> Any:
    """Each reviewed flag's latest review."""
    newest = (
        select(flag_reviews.c.flag_id, func.max(flag_reviews.c.version).label("version"))
        .group_by(flag_reviews.c.flag_id)
        .subquery()
    )
    return (
        select(flag_reviews)
        .join(newest, and_(newest.c.flag_id == flag_reviews.c.flag_id,
                           newest.c.version == flag_reviews.c.version))
        .subquery()
    )  # fmt: skip


def _review(row: Any) -> Review | None:
    if row is None or row.decision is None:
        return None
    return Review(row.version, row.decision, row.reason, row.reviewer, aware(row.reviewed_at))


def _row(row: Any, review: Review | None = None) -> FlagRow:
    return FlagRow(
        flag_id=row.flag_id, case_id=row.case_id, reference=row.reference, rule=row.rule,
        severity=row.severity, explanation=row.explanation, cited=_cited(row.cited),
        raised_at=aware(row.raised_at), month=row.month, district_id=row.district_id,
        unit_id=row.unit_id, proposal=row.proposal, review=review, template=row.template,
        params=json.loads(row.params or "{}"),
    )  # fmt: skip


def _with_reviews() -> tuple[Select[Any], Any]:
    latest = _latest()
    query = select(
        flags,
        latest.c.version,
        latest.c.decision,
        latest.c.reason,
        latest.c.reviewer,
        latest.c.reviewed_at,
    ).outerjoin(latest, latest.c.flag_id == flags.c.flag_id)
    return query, latest


def flags_for_case(bind: Bind, case_id: UUID) -> list[FlagRow]:
    """A case's flags, oldest first, each with its latest review."""
    query, _ = _with_reviews()
    query = query.where(flags.c.case_id == case_id).order_by(flags.c.raised_at, flags.c.rule)
    with connect(bind) as conn:
        return [_row(r, _review(r)) for r in conn.execute(query)]


def get_flag(bind: Bind, flag_id: str) -> FlagRow | None:
    """One flag with every review, oldest first."""
    with connect(bind) as conn:
        row = conn.execute(select(flags).where(flags.c.flag_id == flag_id)).first()
        if row is None:
            return None
        reviews = [
            Review(r.version, r.decision, r.reason, r.reviewer, aware(r.reviewed_at))
            for r in conn.execute(
                select(flag_reviews)
                .where(flag_reviews.c.flag_id == flag_id)
                .order_by(flag_reviews.c.version)
            )
        ]
    flag = _row(row, reviews[-1] if reviews else None)
    return FlagRow(**{**flag.__dict__, "reviews": reviews})


def _conditions(filters: FlagFilters, latest: Any) -> ColumnElement[bool]:
    c = flags.c
    found: list[ColumnElement[bool]] = [true()]
    for column, value in (
        (c.rule, filters.rule), (c.district_id, filters.district_id),
        (c.unit_id, filters.unit_id), (c.severity, filters.severity), (c.month, filters.month),
    ):  # fmt: skip
        if value:
            found.append(column == value)
    if filters.state == "open":
        found.append(latest.c.decision.is_(None))
    elif filters.state:
        found.append(latest.c.decision == filters.state)
    return and_(*found)


def search_flags(
    bind: Bind, filters: FlagFilters = FlagFilters(), page: int = 1, page_size: int = 50
) -> Page[FlagRow]:
    """Flags matching the filters, newest first."""
    page, page_size = max(1, page), min(max(1, page_size), MAX_PAGE_SIZE)
    query, latest = _with_reviews()
    where = _conditions(filters, latest)
    with connect(bind) as conn:
        total = conn.execute(
            select(func.count())
            .select_from(flags.outerjoin(latest, latest.c.flag_id == flags.c.flag_id))
            .where(where)
        ).scalar_one()
        rows = conn.execute(
            query.where(where)
            .order_by(flags.c.raised_at.desc(), flags.c.flag_id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        items = [_row(r, _review(r)) for r in rows]
    return Page(items, int(total), page, page_size)


def flag_counts(bind: Bind, by: str, filters: FlagFilters = FlagFilters()) -> dict[str, int]:
    """Flags per rule, district, unit, month, severity or review state ("state")."""
    _query, latest = _with_reviews()
    joined = flags.outerjoin(latest, latest.c.flag_id == flags.c.flag_id)
    if by == "state":
        key: Any = func.coalesce(latest.c.decision, "open")
    elif by in GROUPS:
        key = func.coalesce(GROUPS[by], "")
    else:
        raise ValueError(f"flags are counted by {', '.join([*GROUPS, 'state'])}, not {by!r}")
    query = (
        select(key.label("key"), func.count())
        .select_from(joined)
        .where(_conditions(filters, latest))
        .group_by(key)
    )
    with connect(bind) as conn:
        counts = {str(k): int(n) for k, n in conn.execute(query)}
    if by == "rule":
        return dict(sorted(counts.items(), key=lambda i: (len(i[0]), i[0])))
    return dict(sorted(counts.items()))


@dataclass(frozen=True)
class FlagRate:
    """Integrity flags per 100 cases of a district (cases the flag projection has seen)."""

    flags: int
    cases: int

    @property
    def per_100_cases(self) -> float | None:
        return None if self.cases == 0 else 100 * self.flags / self.cases


def flags_per_100_cases(bind: Bind) -> dict[str, FlagRate]:
    """District id -> flags and cases; `.per_100_cases` is the scorecard's figure."""
    with connect(bind) as conn:
        cases = {
            d: int(n)
            for d, n in conn.execute(
                select(flag_cases.c.district_id, func.count()).group_by(flag_cases.c.district_id)
            )
        }
        raised = {
            d: int(n)
            for d, n in conn.execute(
                select(flags.c.district_id, func.count()).group_by(flags.c.district_id)
            )
        }
    return {d: FlagRate(int(raised.get(d, 0)), int(n)) for d, n in sorted(cases.items())}


def cited_events(bind: Bind, cited: Sequence[tuple[UUID, int]]) -> list[CitedEvent]:
    """The timeline's lines for the events a flag cites, in the order cited."""
    if not cited:
        return []
    t = timeline_entries.c
    query = select(timeline_entries).where(
        or_(*(and_(t.case_id == case_id, t.version == version) for case_id, version in cited))
    )
    with connect(bind) as conn:
        found = {(r.case_id, r.version): r for r in conn.execute(query)}
    events = []
    for case_id, version in cited:
        r = found.get((case_id, version))
        events.append(
            CitedEvent(case_id, version, r.event_type, aware(r.recorded_at), r.actor_user_id,
                       r.summary_en, r.summary_zh)
            if r is not None
            else CitedEvent(case_id, version, "", None, "", "", "")
        )  # fmt: skip
    return events


def case_references(bind: Bind, case_ids: Sequence[UUID]) -> dict[UUID, str]:
    """References of cases the flags cite (other cases than the flagged one, too)."""
    if not case_ids:
        return {}
    with connect(bind) as conn:
        rows = conn.execute(
            select(flag_cases.c.case_id, flag_cases.c.reference).where(
                flag_cases.c.case_id.in_(list(case_ids))
            )
        )
        return {r.case_id: r.reference for r in rows}


def standing_flag_condition(case_id: Any) -> ColumnElement[bool]:
    """The case (a column of its id) has a flag whose latest review did not dismiss it."""
    review, later = flag_reviews.alias("review"), flag_reviews.alias("later_review")
    dismissed = exists().where(
        review.c.flag_id == flags.c.flag_id,
        review.c.decision == "dismissed",
        ~exists().where(later.c.flag_id == review.c.flag_id, later.c.version > review.c.version),
    )
    return exists().where(flags.c.case_id == case_id, ~dismissed)


def flagged_among(bind: Bind, case_ids: Sequence[UUID]) -> set[UUID]:
    """Which of these cases have a flag that was not dismissed."""
    if not case_ids:
        return set()
    query = select(flag_cases.c.case_id).where(
        flag_cases.c.case_id.in_(list(case_ids)), standing_flag_condition(flag_cases.c.case_id)
    )
    with connect(bind) as conn:
        return set(conn.execute(query).scalars())
