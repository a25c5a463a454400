"""The officials' case lists: a work queue (or every case) in the actor's jurisdiction, filtered.

Plain functions over an Engine; the pages (admin.cases.queues) parse the request into `Filters`.
The jurisdiction and the queues' conditions are those of projections.cases.queues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select

from core.case.statuses import Status
from core.domain.orgunits import OrgTree, OrgUnit, UnitKind
from core.domain.roles import Actor
from core.domain.values import Category
from projections.cases.projection import case_categories, case_rows
from projections.cases.queries import Bind, CaseRow, Page, connect, fetch_page, text_condition
from projections.cases.queues import QUEUES, Queue, reach_condition

PAGE_SIZE = 50
MAX_TEXT = 200
DISTRICT_KINDS = (UnitKind.DISTRICT, UnitKind.COUNTY)
#: Queues that hold more than one status, where a status filter makes sense.
MIXED_STATUS_QUEUES = frozenset({"to_acknowledge", "extensions_to_decide", "overdue"})

c = case_rows.c


@dataclass(frozen=True)
class Filters:
    """The list's filters; None (or '') means no filter."""

    text: str = ""
    district_id: str | None = None
    category: str | None = None
    status: str | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as the GET form's parameters (for links to other pages and exports)."""
        args = {"q": self.text, "district": self.district_id, "category": self.category}
        args["status"] = self.status
        return {k: v for k, v in args.items() if v}

    def as_export(self) -> dict[str, Any]:
        """The filters as admin.lists.exporting takes them."""
        names = {"text": self.text, "district_id": self.district_id}
        names |= {"category": self.category, "status": self.status}
        return {k: v for k, v in names.items() if v}


def parse_filters(args: Mapping[str, str], tree: OrgTree) -> Filters:
    """Filters from request arguments; unknown districts, categories and statuses are ignored."""
    district = args.get("district", "").strip()
    category = args.get("category", "").strip()
    status = args.get("status", "").strip()
    return Filters(
        text=args.get("q", "").strip()[:MAX_TEXT],
        district_id=district if district in {u.id for u in districts(tree)} else None,
        category=category if category in {x.value for x in Category} else None,
        status=status if status in {s.value for s in Status} else None,
    )


def parse_page(args: Mapping[str, str]) -> int:
    value = args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 1_000_000 else 1


def districts(tree: OrgTree) -> list[OrgUnit]:
    """The districts and counties, as the district filter offers them."""
    return tree.of_kind(*DISTRICT_KINDS)


def find_queue(name: str) -> Queue | None:
    return next((q for q in QUEUES if q.name == name), None)


def _conditions(
    tree: OrgTree,
    actor: Actor | Sequence[Actor],
    filters: Filters,
    queue: Queue | None,
    today: date,
) -> list[ColumnElement[bool]]:
    conditions = [reach_condition(tree, actor)]
    if queue is not None:
        conditions.append(queue.condition(today))
    if filters.district_id:
        conditions.append(c.district_id == filters.district_id)
    if filters.status:
        conditions.append(c.status == filters.status)
    if filters.category:
        conditions.append(
            exists().where(
                case_categories.c.case_id == c.case_id,
                case_categories.c.category == filters.category,
            )
        )
    return conditions


def case_list(
    bind: Bind,
    tree: OrgTree,
    actor: Actor | Sequence[Actor],
    filters: Filters,
    today: date,
    *,
    queue: Queue | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Page[CaseRow]:
    """One page of the actor's cases (in `queue` when given), latest change first."""
    conditions = _conditions(tree, actor, filters, queue, today)
    return fetch_page(bind, conditions, today, page, page_size, text=filters.text or None)


def references(
    bind: Bind,
    tree: OrgTree,
    actor: Actor | Sequence[Actor],
    filters: Filters,
    today: date,
    *,
    queue: Queue | None = None,
) -> set[str]:
    """The references of every case of the list (all pages)."""
    conditions = _conditions(tree, actor, filters, queue, today)
    with connect(bind) as conn:
        if filters.text:
            conditions.append(text_condition(conn.dialect.name, filters.text))
        query = select(c.reference).where(and_(*conditions))
        return {str(ref) for ref in conn.execute(query).scalars()}
