"""Bulk import of inspection problem lists (督察问题清单) and their measures from CSV or XLSX.

Two steps: `preview` checks every row without writing anything and says, row by row, what
would happen; `apply` then writes the valid new rows through the application service, problems
before their measures, and transfers each to its responsible unit with its deadline. The
external number (编号) is the key: a number already stored is never imported twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from uuid import UUID

from sqlalchemy import Connection, Engine, select

from admin.lists.fields import (
    ImportFileError,
    SourceRow,
    check_categories,
    check_deadline,
    check_origin,
    check_place,
    check_text,
    check_unit,
    read_import_file,
)
from core.domain.errors import DomainError, InvalidInput, term
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from projections.cases.projection import case_rows

__all__ = [
    "ImportFileError",
    "SourceRow",
    "apply",
    "preview",
    "read_import_file",
    "restrict_to",
]


class RowStatus(StrEnum):
    NEW = "new"
    IMPORTED = "already imported"
    ERROR = "error"


@dataclass(frozen=True)
class Entry:
    """A valid row, ready to write. Measures have a parent number and no place of their own."""

    number: str
    origin: Origin
    title: str
    description: str
    categories: tuple[Category, ...]
    place: Place | None
    unit_id: str | None
    deadline: date | None
    parent_number: str | None

    @property
    def is_measure(self) -> bool:
        return self.origin is Origin.MEASURE


@dataclass(frozen=True)
class RowResult:
    line: int
    number: str
    title: str
    status: RowStatus
    messages: tuple[InvalidInput, ...] = ()  # English in str(), translated by .text()
    entry: Entry | None = None


@dataclass(frozen=True)
class Preview:
    """What an import would do; `existing` maps the stored numbers to their cases."""

    rows: list[RowResult]
    existing: Mapping[str, UUID]

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def ok(self) -> bool:
        return self.count(RowStatus.ERROR) == 0


@dataclass(frozen=True)
class Created:
    line: int
    number: str
    reference: str
    case_id: UUID
    is_measure: bool
    unit_id: str | None
    deadline: date | None


@dataclass
class ImportReport:
    created: list[Created] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def stored_external_refs(bind: Engine | Connection) -> dict[str, UUID]:
    """Every external number on the read side, with its case (a problem's number first)."""
    query = (
        select(case_rows.c.external_ref, case_rows.c.case_id)
        .where(case_rows.c.external_ref.is_not(None))
        .order_by(case_rows.c.parent_id.is_not(None), case_rows.c.reported_at.desc())
    )
    if isinstance(bind, Connection):
        rows = bind.execute(query).all()
    else:
        with bind.connect() as conn:
            rows = conn.execute(query).all()
    found: dict[str, UUID] = {}
    for ref, case_id in rows:
        found.setdefault(ref, case_id)
    return found


# -- checking ---------------------------------------------------------------------------------


def preview(
    rows: Sequence[SourceRow],
    existing_external_refs: Mapping[str, UUID],
    tree: OrgTree,
    today: date,
) -> Preview:
    """Check every row and say what importing it would do; writes nothing."""
    counts: dict[str, int] = {}
    for row in rows:
        if number := row.get("external_number"):
            counts[number] = counts.get(number, 0) + 1
    checked = [_check(row, counts, existing_external_refs, tree, today) for row in rows]
    problems = {r.number: r for r in checked if r.entry is not None and not r.entry.is_measure} | {
        r.number: r for r in checked if r.status is RowStatus.ERROR and r.number
    }
    results = [_check_parent(r, problems, existing_external_refs) for r in checked]
    return Preview(results, dict(existing_external_refs))


def _check(
    row: SourceRow,
    counts: Mapping[str, int],
    existing: Mapping[str, UUID],
    tree: OrgTree,
    today: date,
) -> RowResult:
    number, title = row.get("external_number"), row.get("title")
    if number and number in existing:
        return RowResult(row.line, number, title, RowStatus.IMPORTED)
    errors: list[InvalidInput] = []
    check_text(number, term("number (编号)"), 100, errors)
    if number and counts[number] > 1:
        errors.append(
            InvalidInput(
                "the number %(number)s appears %(count)s times in the file",
                number=number,
                count=counts[number],
            )
        )
    check_text(title, term("title (标题)"), 200, errors)
    description = row.get("description")
    check_text(description, term("description (内容)"), 4_000, errors)
    parent = row.get("parent_external_number") or None
    origin = check_origin(row.get("origin"), parent, errors)
    is_measure = origin is Origin.MEASURE
    place = None if is_measure else check_place(row.get("district"), tree, errors)
    categories = check_categories(row.get("categories"), not is_measure, errors)
    unit_id = check_unit(row.get("responsible_unit"), tree, errors)
    deadline = check_deadline(row.get("deadline"), today, errors)
    if deadline is not None and unit_id is None and not errors:
        errors.append(InvalidInput("a deadline needs a responsible unit (责任单位) to be sent to"))
    if errors or origin is None:
        return RowResult(row.line, number, title, RowStatus.ERROR, tuple(errors))
    entry = Entry(number, origin, title, description, categories, place, unit_id, deadline, parent)
    return RowResult(row.line, number, title, RowStatus.NEW, (), entry)


def _check_parent(
    result: RowResult, problems: Mapping[str, RowResult], existing: Mapping[str, UUID]
) -> RowResult:
    entry = result.entry
    if entry is None or entry.parent_number is None:
        return result
    parent = problems.get(entry.parent_number)
    if parent is not None and parent.status is RowStatus.ERROR:
        message = InvalidInput(
            "its problem %(number)s (row %(line)s) has errors",
            number=entry.parent_number,
            line=parent.line,
        )
    elif parent is not None or entry.parent_number in existing:
        return result
    else:
        message = InvalidInput(
            "unknown problem number %(number)s (所属问题编号)", number=entry.parent_number
        )
    return RowResult(result.line, result.number, result.title, RowStatus.ERROR, (message,))


def restrict_to(result: Preview, tree: OrgTree, unit_id: str) -> Preview:
    """The preview for an official of `unit_id`: a new problem outside their jurisdiction, and
    a measure of such a problem, becomes an error before anything is written."""
    outside: set[str] = set()
    rows = []
    for row in result.rows:
        place = row.entry.place if row.entry is not None else None
        if place is not None and not tree.reaches(unit_id, place.district_id):
            outside.add(row.number)
            message = InvalidInput(
                "%(district)s lies outside your jurisdiction",
                district=tree.get(place.district_id).name,
            )
            row = replace(row, status=RowStatus.ERROR, messages=(message,), entry=None)
        rows.append(row)
    for i, row in enumerate(rows):
        entry = row.entry
        if entry is not None and entry.parent_number in outside:
            message = InvalidInput(
                "its problem %(number)s lies outside your jurisdiction", number=entry.parent_number
            )
            rows[i] = replace(row, status=RowStatus.ERROR, messages=(message,), entry=None)
    return Preview(rows, result.existing)


# -- writing ----------------------------------------------------------------------------------


def apply(
    result: Preview,
    app: Ducha,
    actor: Actor,
    *,
    known: Mapping[str, UUID] | None = None,
    instructions: str = "请按期完成整改并报送佐证材料",
) -> ImportReport:
    """Write the preview's new rows, problems first, and transfer each that names a unit.

    `known` are numbers read again just before writing (from a later catch-up); a number found
    there, or created earlier in this run, is skipped, so a run never writes a number twice.
    """
    report = ImportReport()
    ids: dict[str, UUID] = {**result.existing, **(known or {})}
    pending = [r for r in result.rows if r.status is RowStatus.NEW and r.entry is not None]
    ordered = [r for r in pending if r.entry and not r.entry.is_measure] + [
        r for r in pending if r.entry and r.entry.is_measure
    ]
    for row in ordered:
        entry = row.entry
        assert entry is not None
        if entry.number in ids:
            report.skipped.append((row.line, f"{entry.number} is already stored"))
            continue
        try:
            case_id, reference = _write(app, actor, entry, ids)
        except (DomainError, LookupError) as exc:
            report.failed.append((row.line, f"{entry.number}: {exc}"))
            continue
        ids[entry.number] = case_id
        try:
            if entry.unit_id is not None:
                app.transfer(actor, case_id, entry.unit_id, entry.deadline, instructions)
        except DomainError as exc:
            report.failed.append((row.line, f"{entry.number} created, not transferred: {exc}"))
        deadline = app.get(case_id).deadline if entry.unit_id else None
        report.created.append(
            Created(row.line, entry.number, reference, case_id, entry.is_measure,
                    entry.unit_id, deadline)
        )  # fmt: skip
    return report


def _write(app: Ducha, actor: Actor, entry: Entry, ids: Mapping[str, UUID]) -> tuple[UUID, str]:
    if entry.is_measure:
        assert entry.parent_number is not None
        parent_id = ids.get(entry.parent_number)
        if parent_id is None:
            raise LookupError(f"its problem {entry.parent_number} was not created")
        receipt = app.add_measure(
            actor,
            parent_id,
            title=entry.title,
            description=entry.description,
            categories=list(entry.categories) or None,
            external_ref=entry.number,
        )
    else:
        assert entry.place is not None
        receipt = app.report(
            actor,
            origin=entry.origin,
            title=entry.title,
            description=entry.description,
            categories=list(entry.categories),
            place=entry.place,
            external_ref=entry.number,
        )
    return receipt.case_id, receipt.reference
