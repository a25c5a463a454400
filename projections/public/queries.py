"""Reading the public side: public cases (search, filters, paging), one case, its public
timeline, the site-wide latest entries, typical cases and the cases on the map.

Only `public_cases` (accepted cases, redacted text, rounded coordinates) and the public columns
of `timeline_entries` are read here, so nothing a resident must not see can leak through.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, true

from projections.cases.queries import Bind, Page, aware, check_paging, connect, escape_like
from projections.public.projection import public_cases
from projections.timeline.projection import timeline_entries

p = public_cases.c
t = timeline_entries.c
PUBLIC_PAGE_SIZE = 20
#: A deadline has stopped mattering once the unit has reported the problem fixed.
CLOCK_STOPPED = frozenset({"acceptance_requested", "verified", "public_notice", "closed"})


@dataclass(frozen=True)
class PublicCase:
    """One public case as the portal shows it; `overdue` is derived for the query's `today`."""

    case_id: UUID
    reference: str
    title: str
    description: str
    categories: tuple[str, ...]
    district_id: str
    township_id: str | None
    address: str
    lat: float | None
    lon: float | None
    status: str
    responsible_unit: str | None
    deadline: date | None
    notice_ends_on: date | None
    reported_at: datetime
    closed_at: datetime | None
    typical_title: str | None
    typical_text: str | None
    typical_published_at: datetime | None
    updated_at: datetime
    overdue: bool


_FIELDS = tuple(f.name for f in fields(PublicCase) if f.name not in ("overdue", "categories"))


def is_overdue(status: str, deadline: date | None, today: date | None) -> bool:
    return bool(
        today is not None
        and deadline is not None
        and deadline < today
        and status not in CLOCK_STOPPED
    )


def to_public_case(row: Any, today: date | None) -> PublicCase:
    values = {name: aware(row[name]) for name in _FIELDS}
    values["categories"] = tuple(c for c in (row["categories"] or "").split(",") if c)
    values["overdue"] = is_overdue(row["status"], row["deadline"], today)
    return PublicCase(**values)


#: One page of public cases and where it lies in the whole result.
PublicPage = Page[PublicCase]


def text_match(value: str) -> ColumnElement[bool]:
    """Case-insensitive substring search; plain LIKE works for two-character Chinese words."""
    pattern = f"%{escape_like(value)}%"
    return or_(
        *(p[name].ilike(pattern, escape="\\") for name in ("reference", "title", "description")),
        p.address.ilike(pattern, escape="\\"),
    )


def category_match(category: str) -> ColumnElement[bool]:
    """`categories` holds comma-separated values; match one whole value."""
    wrapped = literal(",") + p.categories + literal(",")
    return wrapped.like(f"%,{escape_like(category)},%", escape="\\")


def search_public_cases(
    bind: Bind,
    *,
    today: date,
    text: str | None = None,
    district_id: str | None = None,
    category: str | None = None,
    status: str | None = None,
    page: int = 1,
    page_size: int = PUBLIC_PAGE_SIZE,
) -> PublicPage:
    """Public cases matching every filter given, newest report first."""
    check_paging(page, page_size)
    conditions: list[ColumnElement[bool]] = []
    if district_id:
        conditions.append(p.district_id == district_id)
    if status:
        conditions.append(p.status == status)
    if category:
        conditions.append(category_match(category))
    query_text = (text or "").strip()
    if query_text:
        conditions.append(text_match(query_text))
    clause = and_(true(), *conditions)
    with connect(bind) as conn:
        total = int(
            conn.execute(select(func.count()).select_from(public_cases).where(clause)).scalar_one()
        )
        query: Select[Any] = (
            select(public_cases)
            .where(clause)
            .order_by(p.reported_at.desc(), p.reference.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        rows = conn.execute(query).mappings().all()
    return PublicPage([to_public_case(r, today) for r in rows], total, page, page_size)


def get_public_case(bind: Bind, reference: str, today: date | None = None) -> PublicCase | None:
    """One public case by reference (case-insensitive), or None when it is not public."""
    with connect(bind) as conn:
        row = (
            conn.execute(select(public_cases).where(p.reference == reference.strip().upper()))
            .mappings()
            .first()
        )
    return None if row is None else to_public_case(row, today)


@dataclass(frozen=True)
class PublicEntry:
    """One public timeline line of a public case, in the language asked for."""

    notification_id: int
    reference: str
    case_title: str
    event_type: str
    recorded_at: datetime
    text: str


def _entries(where: ColumnElement[bool], english: bool) -> Select[Any]:
    text = t.public_en if english else t.public_zh
    return (
        select(
            t.notification_id,
            p.reference,
            p.title,
            t.event_type,
            t.recorded_at,
            func.coalesce(text, "").label("text"),
        )
        .join(public_cases, p.case_id == t.case_id)
        .where(t.is_public.is_(True), where)
    )


def _entry(row: Any) -> PublicEntry:
    return PublicEntry(
        int(row.notification_id),
        row.reference,
        row.title,
        row.event_type,
        aware(row.recorded_at),
        row.text,
    )


def public_timeline(bind: Bind, case_id: UUID, *, english: bool = False) -> list[PublicEntry]:
    """A public case's public timeline, oldest first (nothing for a case that is not public)."""
    query = _entries(t.case_id == case_id, english).order_by(t.version)
    with connect(bind) as conn:
        return [_entry(r) for r in conn.execute(query)]


def latest_public_entries(
    bind: Bind, *, english: bool = False, limit: int = 50
) -> list[PublicEntry]:
    """The latest public timeline entries across every public case, newest first."""
    query = _entries(true(), english).order_by(t.notification_id.desc()).limit(limit)
    with connect(bind) as conn:
        return [_entry(r) for r in conn.execute(query)]


def typical_cases(
    bind: Bind, *, today: date, page: int = 1, page_size: int = PUBLIC_PAGE_SIZE
) -> PublicPage:
    """Published typical cases (典型案例), the latest publication first."""
    check_paging(page, page_size)
    published = p.typical_published_at.is_not(None)
    with connect(bind) as conn:
        total = int(
            conn.execute(
                select(func.count()).select_from(public_cases).where(published)
            ).scalar_one()
        )
        rows = (
            conn.execute(
                select(public_cases)
                .where(published)
                .order_by(p.typical_published_at.desc(), p.reference.desc())
                .limit(page_size)
                .offset((page - 1) * page_size)
            )
            .mappings()
            .all()
        )
    return PublicPage([to_public_case(r, today) for r in rows], total, page, page_size)


def mapped_cases(bind: Bind, *, today: date | None = None) -> list[PublicCase]:
    """Public cases with (rounded) coordinates, newest report first."""
    query = (
        select(public_cases)
        .where(p.lat.is_not(None), p.lon.is_not(None))
        .order_by(p.reported_at.desc(), p.reference.desc())
    )
    with connect(bind) as conn:
        return [to_public_case(r, today) for r in conn.execute(query).mappings()]
