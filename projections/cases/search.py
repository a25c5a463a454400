"""Case search: every case an official may read, by reference, external number, words, place,
unit, category, origin, status, overdue, integrity flags and the date reported; sorted and paged.

One query serves the officials' search page, its CSV/XLSX export and the staff API's list. The
jurisdiction is that of the work queues (projections.cases.queues); auditors read every case.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, case, func, not_, or_, select, true

from core.case.statuses import Status
from core.domain.errors import InvalidInput
from core.domain.orgunits import OrgTree, UnitKind
from core.domain.roles import Actor, Role
from core.domain.values import Category, Origin
from projections.cases.projection import case_rows
from projections.cases.queries import (
    Bind,
    CaseRow,
    Page,
    category_condition,
    connect,
    escape_like,
    overdue_condition,
    text_condition,
    to_case_row,
)
from projections.cases.queues import as_actors, reach_condition
from projections.flags.queries import standing_flag_condition

c = case_rows.c
MAX_TEXT = 200
MAX_WORDS = 8
#: Largest page either front end may ask for.
MAX_PAGE_SIZE = 200
DISTRICT_KINDS = (UnitKind.DISTRICT, UnitKind.COUNTY)
_STATUS_ORDER = case({s.value: n for n, s in enumerate(Status)}, value=c.status, else_=len(Status))
#: Sort keys: the lifecycle's order for statuses, cases without a deadline last either way.
SORTS: dict[str, Any] = {
    "reported": c.reported_at,
    "deadline": c.deadline,
    "reference": c.reference,
    "status": _STATUS_ORDER,
}
ORDERS = ("desc", "asc")


@dataclass(frozen=True)
class CaseQuery:
    """What an official searches for; empty text and None mean "any"."""

    text: str = ""  # words, each found in the reference, title, description or external number
    reference: str = ""  # part of the reference
    external_ref: str = ""  # part of the external number
    district_id: str | None = None
    township_id: str | None = None
    responsible_unit: str | None = None
    category: str | None = None
    origin: str | None = None
    status: str | None = None
    overdue: bool | None = None
    flagged: bool | None = None  # has an integrity flag that was not dismissed
    reported_from: date | None = None  # in the city's time zone, both ends included
    reported_to: date | None = None
    sort: str = "reported"
    order: str = "desc"

    @property
    def words(self) -> list[str]:
        return self.text.split()


def check_query(query: CaseQuery, tree: OrgTree) -> None:
    """Refuse what no case can match because it is malformed (InvalidInput, with the reason)."""
    if len(query.text) > MAX_TEXT or len(query.words) > MAX_WORDS:
        raise InvalidInput(
            "search for at most %(count)s words in %(length)s characters",
            count=MAX_WORDS,
            length=MAX_TEXT,
        )
    if not _is_unit(tree, query.district_id, DISTRICT_KINDS):
        raise InvalidInput("there is no district %(unit)s", unit=repr(query.district_id))
    if not _is_unit(tree, query.township_id, (UnitKind.TOWNSHIP,)):
        raise InvalidInput("there is no township %(unit)s", unit=repr(query.township_id))
    if not _is_unit(tree, query.responsible_unit, tuple(UnitKind)):
        raise InvalidInput("there is no unit %(unit)s", unit=repr(query.responsible_unit))
    if not _is_code(query.category, Category):
        raise InvalidInput("there is no category %(value)s", value=repr(query.category))
    if not _is_code(query.origin, Origin):
        raise InvalidInput("there is no origin %(value)s", value=repr(query.origin))
    if not _is_code(query.status, Status):
        raise InvalidInput("there is no status %(value)s", value=repr(query.status))
    if query.sort not in SORTS or query.order not in ORDERS:
        raise InvalidInput(
            "sort by %(sorts)s, in the order %(orders)s",
            sorts=", ".join(SORTS),
            orders=" or ".join(ORDERS),
        )
    start, end = query.reported_from, query.reported_to
    if start is not None and end is not None and start > end:
        raise InvalidInput(
            "the range of dates reported ends (%(end)s) before it begins (%(start)s)",
            start=start.isoformat(),
            end=end.isoformat(),
        )


def _is_unit(tree: OrgTree, unit_id: str | None, kinds: tuple[UnitKind, ...]) -> bool:
    return unit_id is None or (unit_id in tree and tree.get(unit_id).kind in kinds)


def _is_code(value: str | None, codes: type[StrEnum]) -> bool:
    return value is None or value in {c.value for c in codes}


def readable_condition(tree: OrgTree, actors: Actor | Sequence[Actor]) -> ColumnElement[bool]:
    """The cases the actors may read: an auditor every case, others their jurisdiction."""
    found = as_actors(actors)
    if found[0].role is Role.AUDITOR:
        return true()
    return reach_condition(tree, found)


def _contains(column: Any, value: str) -> ColumnElement[bool]:
    return column.ilike(f"%{escape_like(value)}%", escape="\\")  # type: ignore[no-any-return]


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def query_conditions(
    dialect: str, query: CaseQuery, today: date, zone: ZoneInfo
) -> list[ColumnElement[bool]]:
    """The conditions of every filter given; words must all be found (two characters will do)."""
    conditions: list[ColumnElement[bool]] = []
    for word in query.words:
        found = text_condition(dialect, word)
        conditions.append(or_(found, _contains(c.external_ref, word)))
    if query.reference.strip():
        conditions.append(_contains(c.reference, query.reference.strip().upper()))
    if query.external_ref.strip():
        conditions.append(_contains(c.external_ref, query.external_ref.strip()))
    for column, value in (
        (c.district_id, query.district_id),
        (c.township_id, query.township_id),
        (c.responsible_unit, query.responsible_unit),
        (c.origin, query.origin),
        (c.status, query.status),
    ):
        if value is not None:
            conditions.append(column == value)
    if query.category is not None:
        conditions.append(category_condition(query.category))
    if query.overdue is not None:
        late = overdue_condition(today)
        conditions.append(late if query.overdue else not_(late))
    if query.flagged is not None:
        flagged = standing_flag_condition(c.case_id)
        conditions.append(flagged if query.flagged else not_(flagged))
    if query.reported_from is not None:
        conditions.append(c.reported_at >= _start_of(query.reported_from, zone))
    if query.reported_to is not None:
        conditions.append(c.reported_at < _start_of(query.reported_to + timedelta(days=1), zone))
    return conditions


@dataclass(frozen=True)
class Searcher:
    """Who searches and when: their actors (one role; the jurisdiction), the day overdue is
    judged on and the city's time zone (the days of the date range)."""

    tree: OrgTree
    actors: Sequence[Actor]
    today: date
    zone: ZoneInfo

    def select(self, dialect: str, query: CaseQuery) -> Select[Any]:
        conditions = query_conditions(dialect, query, self.today, self.zone)
        where = and_(readable_condition(self.tree, self.actors), *conditions)
        key = SORTS[query.sort]
        ordered = key.asc() if query.order == "asc" else key.desc()
        tie = c.reference.asc() if query.order == "asc" else c.reference.desc()
        return select(case_rows).where(where).order_by(ordered.nulls_last(), tie)


def find_cases(
    bind: Bind, searcher: Searcher, query: CaseQuery, *, page: int = 1, page_size: int = 50
) -> Page[CaseRow]:
    """One page of the cases the searcher may read that match the query, in its order.

    InvalidInput for a malformed query, a page size outside 1 to MAX_PAGE_SIZE, or a page past
    the last one (the first page of an empty result is fine).
    """
    check_query(query, searcher.tree)
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            "pages are numbered from 1 and hold 1 to %(size)s cases", size=MAX_PAGE_SIZE
        )
    with connect(bind) as conn:
        chosen = searcher.select(conn.dialect.name, query)
        total = int(conn.execute(select(func.count()).select_from(chosen.subquery())).scalar_one())
        result: Page[CaseRow] = Page([], total, page, page_size)
        if page > result.pages:
            raise InvalidInput(
                "there is no page %(page)s: the result has %(pages)s page(s)",
                page=page,
                pages=result.pages,
            )
        rows = conn.execute(chosen.limit(page_size).offset((page - 1) * page_size)).mappings()
        items = [to_case_row(r, searcher.today) for r in rows]
    return Page(items, total, page, page_size)


def iter_found(bind: Bind, searcher: Searcher, query: CaseQuery) -> Iterator[CaseRow]:
    """Every case of the result, in its order (for exports)."""
    check_query(query, searcher.tree)
    with connect(bind) as conn:
        rows = conn.execute(searcher.select(conn.dialect.name, query)).mappings().all()
    for row in rows:
        yield to_case_row(row, searcher.today)
