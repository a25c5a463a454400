"""The case search's query parameters, shared by the officials' search page and the staff API's
list: shape only (known codes, dates, numbers); projections.cases.search checks the rest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from core.case.statuses import Status
from core.domain.values import Category, Origin
from projections.cases.search import MAX_PAGE_SIZE, MAX_TEXT, ORDERS, SORTS, CaseQuery

PAGE_SIZE = 50


def _printable(value: str) -> None:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValidationError("control characters are not allowed")


def _text(limit: int, description: str) -> fields.String:
    checks = validate.And(validate.Length(max=limit), _printable)
    return fields.String(validate=checks, metadata={"description": description})


def _code(values: list[str], description: str) -> fields.String:
    return fields.String(validate=validate.OneOf(values), metadata={"description": description})


class CaseSearchSchema(Schema):
    """Every filter is optional; blank values count as not given; unknown codes are refused."""

    q = _text(MAX_TEXT, "words, separated by blanks; each must be found (two characters do)")
    reference = _text(40, "part of the reference")
    external_ref = _text(100, "part of the external number")
    district = _text(100, "district or county id")
    township = _text(100, "township id")
    unit = _text(100, "responsible unit id")
    category = _code([c.value for c in Category], "category")
    origin = _code([o.value for o in Origin], "origin")
    status = _code([s.value for s in Status], "status")
    overdue = fields.Boolean(metadata={"description": "past the deadline with the clock running"})
    flagged = fields.Boolean(metadata={"description": "has an integrity flag not dismissed"})
    reported_from = fields.Date(metadata={"description": "reported on or after (city's date)"})
    reported_to = fields.Date(metadata={"description": "reported on or before (city's date)"})
    sort = _code(list(SORTS), "sort key")
    order = _code(list(ORDERS), "sort order")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    page_size = fields.Integer(
        load_default=PAGE_SIZE, validate=validate.Range(min=1, max=MAX_PAGE_SIZE)
    )


#: Parameter -> CaseQuery field, where the names differ.
_FIELD = {"q": "text", "district": "district_id", "township": "township_id"}
_FIELD |= {"unit": "responsible_unit"}
_PAGING = ("page", "page_size")


@dataclass(frozen=True)
class SearchArgs:
    """A loaded search: the query, the page asked for, and the parameters as given (for links)."""

    query: CaseQuery
    page: int
    page_size: int
    given: dict[str, str]

    def link_args(self, **changes: Any) -> dict[str, Any]:
        """The parameters for a link to another page or order of the same search."""
        args: dict[str, Any] = {**self.given, **changes}
        return {k: v for k, v in args.items() if v not in (None, "")}


def given_args(args: Mapping[str, str]) -> dict[str, str]:
    """The parameters with a value (a blank field of the form means "any")."""
    return {k: v.strip() for k, v in args.items() if isinstance(v, str) and v.strip()}


def load_search(
    args: Mapping[str, str], schema: CaseSearchSchema | None = None, **load: Any
) -> SearchArgs:
    """The search from request parameters; ValidationError names each malformed one."""
    given = given_args(args)
    data = (schema or CaseSearchSchema()).load(given, **load)
    values = {_FIELD.get(k, k): v for k, v in data.items() if k not in _PAGING}
    query = CaseQuery(**values)
    return SearchArgs(query, data["page"], data["page_size"], given)
