"""The queries behind Open311 GeoReport v2: public cases as service requests, and their updates.

Everything listed comes from `public_cases` and the public timeline lines, so an Open311 client
reads exactly what the public portal shows. A resident complaint that is not public (not yet
accepted, declined or merged) can still be looked up by its reference, but only its status,
categories and dates are given: no text and no place.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, true

from core.domain.values import Origin
from projections.cases.projection import case_rows
from projections.cases.queries import Bind, aware, connect
from projections.public.projection import public_cases
from projections.public.queries import PublicCase, category_match, to_public_case
from projections.timeline.projection import timeline_entries

p = public_cases.c
MAX_REQUESTS = 1000


@dataclass(frozen=True)
class RequestQuery:
    """The filters of GET requests; None means no filter. Times carry a zone."""

    references: Sequence[str] | None = None
    categories: Collection[str] | None = None
    closed: bool | None = None
    start: datetime | None = None
    end: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    page: int = 1
    page_size: int = MAX_REQUESTS


@dataclass(frozen=True)
class PrivateComplaint:
    """A resident complaint not (or no longer) public: what its own reporter may learn."""

    reference: str
    status: str
    categories: tuple[str, ...]
    reported_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PublicUpdate:
    """One public timeline line of a public case (mySociety's request update)."""

    notification_id: int
    reference: str
    event_type: str
    recorded_at: datetime
    text: str


def utc(moment: datetime | None) -> datetime | None:
    """SQLite compares stored UTC wall times as text, so every bound is given in UTC."""
    return None if moment is None else moment.astimezone(UTC)


def _conditions(query: RequestQuery) -> list[ColumnElement[bool]]:
    if query.references is not None:  # the spec: ids override every other filter
        return [p.reference.in_([r.strip().upper() for r in query.references])]
    conditions: list[ColumnElement[bool]] = []
    if query.categories:
        conditions.append(or_(*(category_match(c) for c in sorted(query.categories))))
    if query.closed is not None:
        conditions.append(p.status == "closed" if query.closed else p.status != "closed")
    for column, low, high in (
        (p.reported_at, query.start, query.end),
        (p.updated_at, query.updated_after, query.updated_before),
    ):
        if low is not None:
            conditions.append(column >= utc(low))
        if high is not None:
            conditions.append(column <= utc(high))
    return conditions


def service_requests(bind: Bind, query: RequestQuery) -> list[PublicCase]:
    """One page of public cases matching the query, the latest report first (no total: the
    spec's answer carries none)."""
    clause = and_(true(), *_conditions(query))
    statement = (
        select(public_cases)
        .where(clause)
        .order_by(p.reported_at.desc(), p.reference.desc())
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
    )
    with connect(bind) as conn:
        rows = conn.execute(statement).mappings().all()
    return [to_public_case(r, None) for r in rows]


def private_complaints(bind: Bind, references: Sequence[str]) -> list[PrivateComplaint]:
    """Resident complaints with these references that the public side does not show."""
    wanted = [r.strip().upper() for r in references]
    c = case_rows.c
    query = select(c.reference, c.status, c.categories, c.reported_at, c.updated_at).where(
        c.reference.in_(wanted),
        c.origin == Origin.RESIDENT_COMPLAINT.value,
        c.reference.not_in(select(p.reference).where(p.reference.in_(wanted))),
    )
    with connect(bind) as conn:
        rows: list[Any] = list(conn.execute(query))
    return [
        PrivateComplaint(
            row.reference,
            row.status,
            tuple(x for x in row.categories.split(",") if x),
            aware(row.reported_at),
            aware(row.updated_at),
        )
        for row in rows
    ]


def public_updates(
    bind: Bind,
    start: datetime | None,
    end: datetime | None,
    *,
    english: bool = False,
    limit: int = MAX_REQUESTS,
) -> list[PublicUpdate]:
    """Public timeline lines of public cases recorded between start and end, oldest first."""
    t = timeline_entries.c
    text = t.public_en if english else t.public_zh
    conditions: list[ColumnElement[bool]] = [t.is_public.is_(True)]
    if start is not None:
        conditions.append(t.recorded_at >= utc(start))
    if end is not None:
        conditions.append(t.recorded_at <= utc(end))
    query = (
        select(t.notification_id, p.reference, t.event_type, t.recorded_at, text.label("text"))
        .join(public_cases, p.case_id == t.case_id)
        .where(*conditions)
        .order_by(t.notification_id)
        .limit(limit)
    )
    with connect(bind) as conn:
        rows: list[Any] = list(conn.execute(query))
    return [
        PublicUpdate(
            int(r.notification_id), r.reference, r.event_type, aware(r.recorded_at), r.text or ""
        )
        for r in rows
    ]
