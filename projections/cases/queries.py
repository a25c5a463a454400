"""Reading the case list: search with filters and paging, and single rows by id or reference.

Pure functions over an Engine (or a Connection) and plain values; they return plain dataclasses,
never ORM objects, so the web layers render them without touching the database again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    column,
    exists,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    true,
)

from core.domain.errors import InvalidInput
from projections.cases.projection import case_categories, case_rows

Bind = Engine | Connection
MAX_PAGE_SIZE = 500

#: The SQLite FTS5 index (trigram tokenizer) that CaseListProjection.create makes.
case_search = table(
    "case_search", column("case_id"), column("reference"), column("title"), column("description")
)


@dataclass(frozen=True)
class CaseRow:
    """One case as lists show it; `overdue` is derived for the `today` of the query."""

    case_id: UUID
    reference: str
    external_ref: str | None
    title: str
    description: str
    origin: str
    categories: tuple[str, ...]
    district_id: str
    township_id: str | None
    address: str
    lat: float | None
    lon: float | None
    enterprise_name: str | None
    responsible_unit: str | None
    status: str
    round: int
    deadline: date | None
    clock_running: bool
    plan_status: str | None
    extension_pending: bool
    open_objections: int
    signed_off: bool
    notice_ends_on: date | None
    accountability_open: int
    linked_complaints: int
    parent_id: UUID | None
    children: int
    substantiated: bool | None
    typical_case: bool
    feedback_not_fixed: int
    version: int
    reported_at: datetime
    accepted_at: datetime | None
    transferred_at: datetime | None
    first_closed_at: datetime | None
    closed_at: datetime | None
    closed_on_time: bool | None
    updated_at: datetime
    overdue: bool


_ROW_FIELDS = tuple(f.name for f in fields(CaseRow) if f.name not in ("overdue", "categories"))


def to_case_row(mapping: Mapping[Any, Any], today: date | None = None) -> CaseRow:
    """A CaseRow from a `case_rows` row; overdue stays False when no `today` is given."""
    values = {name: aware(mapping[name]) for name in _ROW_FIELDS}
    cats = mapping["categories"]
    values["categories"] = tuple(c for c in cats.split(",") if c) if cats else ()
    deadline = mapping["deadline"]
    values["overdue"] = bool(
        today is not None and mapping["clock_running"] and deadline is not None and deadline < today
    )
    return CaseRow(**values)


def aware(value: Any) -> Any:
    """SQLite hands timestamps back without a zone; they were stored in UTC (event time)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows and where it lies in the whole result."""

    items: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def overdue_condition(today: date) -> ColumnElement[bool]:
    """Overdue is never stored: a running clock and a deadline before `today`."""
    return and_(
        case_rows.c.clock_running.is_(True),
        case_rows.c.deadline.is_not(None),
        case_rows.c.deadline < today,
    )


def within_condition(units: Collection[str]) -> ColumnElement[bool]:
    """Rows located (district or township) in one of `units`; none for an empty set."""
    if not units:
        return false()
    ids = sorted(units)
    return or_(case_rows.c.district_id.in_(ids), case_rows.c.township_id.in_(ids))


def escape_like(value: str) -> str:
    """Escape LIKE wildcards (and the escape character itself) in user text."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_condition(dialect: str, value: str) -> ColumnElement[bool]:
    """Substring search in reference, title and description; works for Chinese on both backends.

    SQLite uses the FTS5 trigram table: MATCH on a quoted phrase for three characters or more,
    LIKE (which that table also serves) for shorter text. PostgreSQL uses ILIKE, which the
    pg_trgm GIN indexes serve.
    """
    pattern = f"%{escape_like(value)}%"
    if dialect == "sqlite":
        hit: ColumnElement[bool]
        if len(value) >= 3:
            phrase = '"' + value.replace('"', '""') + '"'
            hit = literal_column("case_search").op("MATCH")(phrase)
        else:
            hit = or_(
                *(
                    case_search.c[name].like(pattern, escape="\\")
                    for name in ("reference", "title", "description")
                )
            )
        return case_rows.c.case_id.in_(select(case_search.c.case_id).where(hit))
    return or_(
        *(
            case_rows.c[name].ilike(pattern, escape="\\")
            for name in ("reference", "title", "description")
        )
    )


def category_condition(category: str) -> ColumnElement[bool]:
    return exists().where(
        case_categories.c.case_id == case_rows.c.case_id, case_categories.c.category == category
    )


def _one_or_many(col: Any, value: str | Collection[str]) -> ColumnElement[bool]:
    if isinstance(value, str):
        return col == value  # type: ignore[no-any-return]
    return col.in_(sorted(value))  # type: ignore[no-any-return]


def check_paging(page: int, page_size: int) -> None:
    if page < 1:
        raise InvalidInput("pages are numbered from 1")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"a page holds 1 to {MAX_PAGE_SIZE} rows")


def fetch_page(
    bind: Bind,
    conditions: list[ColumnElement[bool]],
    today: date,
    page: int,
    page_size: int,
    *,
    text: str | None = None,
) -> Page[CaseRow]:
    """Count and fetch one page of case rows matching every condition, newest change first."""
    check_paging(page, page_size)
    with connect(bind) as conn:
        where = list(conditions)
        if text:
            where.append(text_condition(conn.dialect.name, text))
        clause = and_(true(), *where)
        total = int(
            conn.execute(select(func.count()).select_from(case_rows).where(clause)).scalar_one()
        )
        query: Select[Any] = (
            select(case_rows)
            .where(clause)
            .order_by(case_rows.c.updated_at.desc(), case_rows.c.reference.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        rows = conn.execute(query).mappings().all()
    return Page([to_case_row(r, today) for r in rows], total, page, page_size)


def search_cases(
    bind: Bind,
    *,
    text: str | None = None,
    district_id: str | None = None,
    township_id: str | None = None,
    category: str | None = None,
    origin: str | None = None,
    status: str | Collection[str] | None = None,
    responsible_unit: str | None = None,
    overdue: bool | None = None,
    today: date,
    within_units: set[str] | None = None,
    page: int = 1,
    page_size: int = 50,
) -> Page[CaseRow]:
    """The case list: every filter given must hold; ordered by the latest change first.

    `within_units` limits the rows to a user's jurisdiction (district or township in the set);
    None means no limit, an empty set means nothing.
    """
    c = case_rows.c
    conditions: list[ColumnElement[bool]] = []
    for col, value in (
        (c.district_id, district_id),
        (c.township_id, township_id),
        (c.origin, origin),
        (c.responsible_unit, responsible_unit),
    ):
        if value is not None:
            conditions.append(col == value)
    if status is not None:
        conditions.append(_one_or_many(c.status, status))
    if category is not None:
        conditions.append(category_condition(category))
    if overdue is not None:
        late = overdue_condition(today)
        conditions.append(late if overdue else not_(late))
    if within_units is not None:
        conditions.append(within_condition(within_units))
    query_text = (text or "").strip()
    return fetch_page(bind, conditions, today, page, page_size, text=query_text or None)


def get_case_row(bind: Bind, case_id: UUID, today: date | None = None) -> CaseRow | None:
    """One case's row, or None when the projection has not seen it."""
    return _one(bind, case_rows.c.case_id == case_id, today)


def get_case_row_by_reference(
    bind: Bind, reference: str, today: date | None = None
) -> CaseRow | None:
    """One case's row by its reference (case-insensitive, surrounding blanks ignored)."""
    return _one(bind, case_rows.c.reference == reference.strip().upper(), today)


def _one(bind: Bind, condition: ColumnElement[bool], today: date | None) -> CaseRow | None:
    with connect(bind) as conn:
        row = conn.execute(select(case_rows).where(condition)).mappings().first()
    return None if row is None else to_case_row(row, today)


@contextmanager
def connect(bind: Bind) -> Iterator[Connection]:
    """A new connection for an Engine; the same one for a Connection (the caller's transaction)."""
    if isinstance(bind, Connection):
        yield bind
        return
    with bind.connect() as conn:
        yield conn
