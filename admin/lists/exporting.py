"""Export of the case list, with the list's own filters, to CSV or XLSX with Chinese headers.

Every page of the filtered list is written, in the list's order (latest change first); codes
become names: statuses, origins, categories and units as officials read them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from admin.labels import category_zh, origin_zh
from admin.lists.sheets import write_table
from core.domain.orgunits import OrgTree
from projections.cases.queries import MAX_PAGE_SIZE, Bind, CaseRow, get_case_row, search_cases
from projections.timeline.summaries import status_zh

HEADER = [
    "编号", "外部编号", "来源", "标题", "问题描述", "区县", "乡镇（街道）", "地址", "类别",
    "责任单位", "状态", "整改时限", "是否超期", "所属问题", "登记日期",
]  # fmt: skip
#: The filters of `projections.cases.queries.search_cases` an export accepts.
FILTERS = frozenset(
    {"text", "district_id", "township_id", "category", "origin", "status",
     "responsible_unit", "overdue", "within_units"}
)  # fmt: skip


def iter_cases(
    bind: Bind, today: date, filters: Mapping[str, Any], page_size: int = MAX_PAGE_SIZE
) -> Iterator[CaseRow]:
    """Every row of the filtered case list, page after page."""
    unknown = set(filters) - FILTERS
    if unknown:
        raise ValueError(f"unknown filters: {', '.join(sorted(unknown))}")
    page = 1
    while True:
        result = search_cases(bind, today=today, page=page, page_size=page_size, **dict(filters))
        yield from result.items
        if not result.has_next:
            return
        page += 1


class _Names:
    """Unit names from the tree (an unknown id stays as it is) and parents' references."""

    def __init__(self, bind: Bind, tree: OrgTree) -> None:
        self.bind, self.tree = bind, tree
        self._references: dict[UUID, str] = {}

    def unit(self, unit_id: str | None) -> str:
        if not unit_id:
            return ""
        return self.tree.get(unit_id).name if unit_id in self.tree else unit_id

    def remember(self, row: CaseRow) -> None:
        self._references[row.case_id] = row.reference

    def reference(self, case_id: UUID | None) -> str:
        if case_id is None:
            return ""
        if case_id not in self._references:
            row = get_case_row(self.bind, case_id)
            self._references[case_id] = row.reference if row else str(case_id)
        return self._references[case_id]


def export_rows(
    bind: Bind,
    tree: OrgTree,
    today: date,
    filters: Mapping[str, Any] | None = None,
    timezone: str = "Asia/Shanghai",
    page_size: int = MAX_PAGE_SIZE,
) -> list[list[Any]]:
    """The export's rows (without the header), values as they will be written."""
    cases = list(iter_cases(bind, today, filters or {}, page_size))
    return format_rows(bind, tree, cases, timezone)


def format_rows(
    bind: Bind, tree: OrgTree, cases: Sequence[CaseRow], timezone: str = "Asia/Shanghai"
) -> list[list[Any]]:
    """Case rows as the export writes them: codes become names, times the city's dates."""
    zone = ZoneInfo(timezone)
    names = _Names(bind, tree)
    for row in cases:
        names.remember(row)
    return [
        [
            row.reference,
            row.external_ref or "",
            origin_zh(row.origin),
            row.title,
            row.description,
            names.unit(row.district_id),
            names.unit(row.township_id),
            row.address,
            "、".join(category_zh(c) for c in row.categories),
            names.unit(row.responsible_unit),
            status_zh(row.status),
            row.deadline.isoformat() if row.deadline else "",
            "是" if row.overdue else "否",
            names.reference(row.parent_id),
            row.reported_at.astimezone(zone).date().isoformat(),
        ]
        for row in cases
    ]


def export_cases(
    bind: Bind,
    target: Path | IO[bytes],
    tree: OrgTree,
    today: date,
    filters: Mapping[str, Any] | None = None,
    *,
    fmt: str | None = None,
    timezone: str = "Asia/Shanghai",
) -> int:
    """Write the filtered case list to `target` (CSV or XLSX); the number of cases written."""
    rows = export_rows(bind, tree, today, filters, timezone)
    write_table(target, HEADER, rows, fmt, title="案件清单")
    return len(rows)
