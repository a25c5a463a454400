"""The columns of a problem list: header names in English or Chinese, and each cell's check.

Checks append plain-words messages to `errors` and return None for a cell they refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from admin.labels import category_from_text, origin_from_text
from admin.lists.sheets import read_table
from core.domain.errors import InvalidInput
from core.domain.orgunits import RESPONSIBLE_KINDS, OrgTree, OrgUnit, UnitKind
from core.domain.values import Category, Origin, Place

FIELDS = (
    "origin", "external_number", "title", "description", "district", "categories",
    "responsible_unit", "deadline", "parent_external_number",
)  # fmt: skip
#: Header names, compared without blanks, case, asterisks and anything in brackets.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "origin": ("origin", "来源", "问题来源", "问题类型"),
    "external_number": ("external_number", "external_ref", "number", "编号", "问题编号",
                        "措施编号", "外部编号"),
    "title": ("title", "标题", "问题名称", "名称", "措施名称", "问题标题"),
    "description": ("description", "内容", "问题描述", "描述", "具体内容", "措施内容",
                    "问题内容"),
    "district": ("district", "区县", "所在区县", "区县（市）", "所属区县"),
    "categories": ("categories", "category", "类别", "问题类别"),
    "responsible_unit": ("responsible_unit", "unit", "责任单位", "牵头单位"),
    "deadline": ("deadline", "整改时限", "完成时限", "时限", "整改期限"),
    "parent_external_number": ("parent_external_number", "parent", "所属问题编号",
                               "上级问题编号", "问题编号（所属）"),
}  # fmt: skip
_SEPARATORS = re.compile(r"[,，、;；/\s]+")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


class ImportFileError(InvalidInput):
    """The file as a whole cannot be imported (unreadable, or a needed column is missing)."""


@dataclass(frozen=True)
class SourceRow:
    """One data row of the file: its spreadsheet row number and its cells by field name."""

    line: int
    cells: Mapping[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "").strip()


# -- reading ----------------------------------------------------------------------------------


def _normalise(header: str) -> str:
    text = re.sub(r"[（(][^）)]*[）)]", "", header)
    return re.sub(r"[\s*＊_\-]+", "", text).lower()


_HEADER_LOOKUP = {
    _normalise(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases
}


def map_header(header: Sequence[str]) -> dict[int, str]:
    """Column index -> field name for the columns we know; ImportFileError when the title,
    the number or the origin column is missing, or a field has two columns."""
    mapping: dict[int, str] = {}
    for i, text in enumerate(header):
        name = _HEADER_LOOKUP.get(_normalise(text))
        if name is None:
            continue
        if name in mapping.values():
            raise ImportFileError(
                "two columns mean the same thing (%(name)s): %(text)s", name=name, text=repr(text)
            )
        mapping[i] = name
    for needed, zh in (("external_number", "编号"), ("title", "标题"), ("origin", "来源")):
        if needed not in mapping.values():
            raise ImportFileError(
                "the file has no %(needed)s column (%(zh)s)", needed=needed, zh=zh
            )
    return mapping


def read_import_file(source: Path | IO[bytes], fmt: str | None = None) -> list[SourceRow]:
    """The rows of a CSV or XLSX problem list, cells keyed by field name."""
    table = read_table(source, fmt)
    mapping = map_header(table.header)
    return [
        SourceRow(line, {name: cells[i] for i, name in mapping.items()})
        for line, cells in table.rows
    ]


def check_text(value: str, what: str, limit: int, errors: list[InvalidInput]) -> None:
    if not value:
        errors.append(InvalidInput("missing %(what)s", what=what))
    elif len(value) > limit:
        errors.append(
            InvalidInput("the %(what)s is longer than %(limit)s characters", what=what, limit=limit)
        )


def check_origin(text: str, parent: str | None, errors: list[InvalidInput]) -> Origin | None:
    if not text:
        if parent is not None:
            return Origin.MEASURE
        errors.append(InvalidInput("missing origin (来源)"))
        return None
    origin = origin_from_text(text)
    if origin is None:
        errors.append(InvalidInput("unknown origin %(text)s", text=repr(text)))
    elif origin is Origin.RESIDENT_COMPLAINT:
        errors.append(InvalidInput("resident complaints come in through the portal, not by import"))
    elif origin is Origin.MEASURE and parent is None:
        errors.append(InvalidInput("a measure needs the number of its problem (所属问题编号)"))
    elif origin is not Origin.MEASURE and parent is not None:
        errors.append(InvalidInput("only a measure (整改措施) has a problem number (所属问题编号)"))
    else:
        return origin
    return None


def check_place(text: str, tree: OrgTree, errors: list[InvalidInput]) -> Place | None:
    if not text:
        errors.append(InvalidInput("missing district (区县)"))
        return None
    unit = find_unit(text, tree)
    if unit is None:
        errors.append(InvalidInput("unknown district %(text)s", text=repr(text)))
        return None
    district = tree.district_of(unit.id)
    if district is None or unit.kind not in (UnitKind.DISTRICT, UnitKind.COUNTY, UnitKind.TOWNSHIP):
        errors.append(
            InvalidInput("%(unit)s is not a district, county or township", unit=unit.name)
        )
        return None
    township = unit.id if unit.kind is UnitKind.TOWNSHIP else None
    return Place(district.id, township)


def check_categories(text: str, required: bool, errors: list[InvalidInput]) -> tuple[Category, ...]:
    found: list[Category] = []
    for part in _SEPARATORS.split(text):
        if not part:
            continue
        category = category_from_text(part)
        if category is None:
            errors.append(InvalidInput("unknown category %(part)s", part=repr(part)))
        elif category not in found:
            found.append(category)
    if required and not text:
        errors.append(InvalidInput("missing category (类别)"))
    return tuple(found)


def check_unit(text: str, tree: OrgTree, errors: list[InvalidInput]) -> str | None:
    if not text:
        return None
    unit = find_unit(text, tree)
    if unit is None:
        errors.append(InvalidInput("unknown responsible unit %(text)s", text=repr(text)))
        return None
    if unit.kind not in RESPONSIBLE_KINDS:
        errors.append(InvalidInput("%(unit)s cannot be a responsible unit", unit=unit.name))
        return None
    return unit.id


def find_unit(text: str, tree: OrgTree) -> OrgUnit | None:
    if text in tree:
        return tree.get(text)
    named = [u for u in tree if u.name == text]
    return named[0] if len(named) == 1 else None


def check_deadline(text: str, today: date, errors: list[InvalidInput]) -> date | None:
    if not text:
        return None
    match = _DATE.match(text.split(" ")[0])
    try:
        if match is None:
            raise ValueError(text)
        day = date(*(int(g) for g in match.groups()))
    except ValueError:
        errors.append(
            InvalidInput("bad date %(text)s: write the deadline as YYYY-MM-DD", text=repr(text))
        )
        return None
    if day <= today:
        errors.append(
            InvalidInput("the deadline %(day)s is not in the future", day=day.isoformat())
        )
        return None
    return day
