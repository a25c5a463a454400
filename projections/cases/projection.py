"""The case list: one row per case with what lists, search, queues and statistics need.

Rows are derived from the domain's own state: each event is applied to a cached Case aggregate
(the same `apply` code that replays the case), so a row never disagrees with `Ducha.get`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    func,
    insert,
    text,
    update,
)
from sqlalchemy import case as sa_case

from core.case.aggregate import Case
from core.case.state import CLOCK_STOPPED
from core.service.application import Ducha
from projections.engine.catchup import Batch
from projections.engine.metadata import read_model_metadata

case_rows = Table(
    "case_rows",
    read_model_metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False, unique=True),
    Column("external_ref", String(100)),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("origin", String(40), nullable=False, index=True),
    Column("categories", String(200), nullable=False),
    Column("district_id", String(100), nullable=False, index=True),
    Column("township_id", String(100), index=True),
    Column("address", String(300), nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("enterprise_name", String(200)),
    Column("responsible_unit", String(100), index=True),
    Column("status", String(40), nullable=False, index=True),
    Column("round", Integer, nullable=False),
    Column("deadline", Date),
    Column("clock_running", Boolean, nullable=False),
    Column("plan_status", String(20)),
    Column("extension_pending", Boolean, nullable=False),
    Column("open_objections", Integer, nullable=False),
    Column("signed_off", Boolean, nullable=False),
    Column("notice_ends_on", Date),
    Column("accountability_open", Integer, nullable=False),
    Column("linked_complaints", Integer, nullable=False),
    Column("parent_id", Uuid, index=True),
    Column("children", Integer, nullable=False),
    Column("substantiated", Boolean),
    Column("typical_case", Boolean, nullable=False),
    Column("feedback_not_fixed", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("accepted_at", DateTime(timezone=True)),
    Column("transferred_at", DateTime(timezone=True)),
    Column("first_closed_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_on_time", Boolean),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Index("ix_case_rows_deadline_running", "clock_running", "deadline"),
)

case_categories = Table(
    "case_categories",
    read_model_metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("category", String(20), primary_key=True, index=True),
)

#: When an event of this class is recorded, its time goes into these columns.
_STAMPS: dict[type[Any], tuple[str, ...]] = {
    Case.Accepted: ("accepted_at",),
    Case.Transferred: ("transferred_at",),
}


def row_from_case(case: Case) -> dict[str, Any]:
    """The case-list columns that follow from the aggregate's state."""
    place = case.place
    return {
        "reference": case.reference,
        "external_ref": case.external_ref,
        "title": case.title,
        "description": case.description,
        "origin": case.origin.value,
        "categories": ",".join(c.value for c in case.categories),
        "district_id": place.district_id,
        "township_id": place.township_id,
        "address": place.address,
        "lat": place.lat,
        "lon": place.lon,
        "enterprise_name": place.enterprise_name,
        "responsible_unit": case.responsible_unit,
        "status": case.status.value,
        "round": case.round,
        "deadline": case.deadline,
        "clock_running": case.status not in CLOCK_STOPPED and case.deadline is not None,
        "plan_status": case.plan_status,
        "extension_pending": case.extension_request is not None,
        "open_objections": len(case.open_objections),
        "signed_off": case.signed_off,
        "notice_ends_on": case.notice_ends_on,
        "accountability_open": len(case.accountability_open),
        "linked_complaints": case.linked_complaints,
        "parent_id": case.parent_id,
        "children": len(case.children),
        "substantiated": case.substantiated,
        "typical_case": case.typical_case,
        "feedback_not_fixed": case.feedback_not_fixed,
        "version": case.version,
    }


class CaseStates:
    """Cached aggregates, advanced event by event; loaded from the store on a miss.

    Projections of one set share it: an event another projection already applied finds the
    case at that version or later, so each event is applied to the aggregate once. Projections
    that use it write each case's state as of the end of their batch, so "later" is what they
    need.
    """

    def __init__(self, app: Ducha, size: int = 20_000) -> None:
        self.app = app
        self.size = size
        self._cache: OrderedDict[UUID, Case] = OrderedDict()

    def advance(self, event: Any) -> Case:
        case_id, version = event.originator_id, event.originator_version
        case = self._cache.get(case_id)
        if case is not None and case.version >= version:
            return case  # already applied for another projection of the set
        self._cache.pop(case_id, None)
        if isinstance(event, Case.Reported):
            case = event.mutate(None)
        elif case is not None and case.version == version - 1:
            event.mutate(case)
        else:
            case = self.app.get(case_id, version=version)
        if case is None:
            raise LookupError(f"no case {case_id} at version {version}")
        self._cache[case_id] = case
        if len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return case

    def forget(self) -> None:
        self._cache.clear()


#: What the case read models handle; they pass over the events of other aggregates.
CASE_EVENTS = (Case.Event, Case.Reported)


def is_case_event(event: Any) -> bool:
    return isinstance(event, CASE_EVENTS)


class CaseListProjection:
    """Case list, search index and category tags; one write per case and batch."""

    name = "case_list"
    tables: Sequence[Table] = (case_rows, case_categories)

    def __init__(self, app: Ducha, states: CaseStates | None = None) -> None:
        self.states = states or CaseStates(app)
        self.zone = app.zone

    def create(self, conn: Connection) -> None:
        if conn.dialect.name == "sqlite":
            conn.execute(
                text(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts5("
                    "case_id UNINDEXED, reference, title, description, tokenize='trigram')"
                )
            )
        else:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            for column in ("title", "description", "reference"):
                conn.execute(
                    text(
                        f"CREATE INDEX IF NOT EXISTS ix_case_rows_{column}_trgm "
                        f"ON case_rows USING gin ({column} gin_trgm_ops)"
                    )
                )

    def drop(self, conn: Connection) -> None:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TABLE IF EXISTS case_search"))

    def forget(self) -> None:
        self.states.forget()

    def apply(self, conn: Connection, events: Batch) -> None:
        """One statement for the batch's new cases and one for the others: each case is
        written once, with its state at the end of the batch and when things happened."""
        latest: dict[UUID, tuple[Case, datetime]] = {}
        new: set[UUID] = set()
        stamps: dict[UUID, dict[str, Any]] = {}
        for _notification_id, event in events:
            if not is_case_event(event):
                continue
            case = self.states.advance(event)
            if isinstance(event, Case.Reported):
                new.add(case.id)
            latest[case.id] = (case, event.timestamp)
            self._stamp(stamps.setdefault(case.id, dict(_NO_STAMPS)), event, case)
        fresh = [(c, at) for i, (c, at) in latest.items() if i in new]
        if fresh:
            self._insert(conn, fresh, stamps)
        rows = [
            {"b_case_id": i, **row_from_case(c), "updated_at": at, **stamps[i]}
            for i, (c, at) in latest.items()
            if i not in new
        ]
        if rows:
            conn.execute(_UPDATE_ROW, rows)

    def _stamp(self, into: dict[str, Any], event: Any, case: Case) -> None:
        """Columns that record when something happened, not what the case is now."""
        at = event.timestamp
        if isinstance(event, Case.Closed):
            into.update(closing=True, closed_at=at, closed_on_time=self._on_time(at, case))
            into["first_closed_at"] = into["first_closed_at"] or at
        elif isinstance(event, Case.Rebounded):  # the last closing no longer stands
            into.update(closing=True, closed_at=None, closed_on_time=None)
        for column in _STAMPS.get(type(event), ()):
            into[column] = at

    def _insert(
        self, conn: Connection, latest: list[tuple[Case, datetime]], stamps: dict[UUID, Any]
    ) -> None:
        conn.execute(
            insert(case_rows),
            [
                {"case_id": c.id, **row_from_case(c), "reported_at": c.created_on,
                 "updated_at": at, **_stamped(stamps[c.id])}
                for c, at in latest
            ],
        )  # fmt: skip
        cases = [c for c, _at in latest]
        conn.execute(
            insert(case_categories),
            [{"case_id": c.id, "category": cat.value} for c in cases for cat in c.categories],
        )
        if conn.dialect.name == "sqlite":
            conn.execute(
                text(
                    "INSERT INTO case_search (case_id, reference, title, description) "
                    "VALUES (:case_id, :reference, :title, :description)"
                ),
                [
                    {"case_id": c.id.hex, "reference": c.reference, "title": c.title,
                     "description": c.description}
                    for c in cases
                ],
            )  # fmt: skip

    def _on_time(self, closed_at: datetime, case: Case) -> bool | None:
        if case.deadline is None:
            return None
        return closed_at.astimezone(self.zone).date() <= case.deadline


_FROM_CASE = [
    "reference", "external_ref", "title", "description", "origin", "categories",
    "district_id", "township_id", "address", "lat", "lon", "enterprise_name",
    "responsible_unit", "status", "round", "deadline", "clock_running", "plan_status",
    "extension_pending", "open_objections", "signed_off", "notice_ends_on",
    "accountability_open", "linked_complaints", "parent_id", "children", "substantiated",
    "typical_case", "feedback_not_fixed", "version", "updated_at",
]  # fmt: skip
#: Stamps of a batch: a new time replaces the old one; a closing (or its undoing by a rebound)
#: sets both closing columns; the first closing ever is kept for statistics.
_NO_STAMPS: dict[str, Any] = {
    "accepted_at": None,
    "transferred_at": None,
    "closing": False,
    "closed_at": None,
    "closed_on_time": None,
    "first_closed_at": None,
}
_CLOSING = bindparam("closing", type_=Boolean)


def _typed(name: str) -> Any:
    """A parameter with its column's type (inside SQL functions it cannot be inferred)."""
    return bindparam(name, type_=case_rows.c[name].type)


_UPDATE_ROW = (
    update(case_rows)
    .where(case_rows.c.case_id == bindparam("b_case_id"))
    .values({name: bindparam(name) for name in _FROM_CASE})
    .values(
        accepted_at=func.coalesce(_typed("accepted_at"), case_rows.c.accepted_at),
        transferred_at=func.coalesce(_typed("transferred_at"), case_rows.c.transferred_at),
        closed_at=sa_case((_CLOSING, _typed("closed_at")), else_=case_rows.c.closed_at),
        closed_on_time=sa_case(
            (_CLOSING, _typed("closed_on_time")), else_=case_rows.c.closed_on_time
        ),
        first_closed_at=func.coalesce(case_rows.c.first_closed_at, _typed("first_closed_at")),
    )
)


def _stamped(stamps: dict[str, Any]) -> dict[str, Any]:
    """Stamp values as plain columns, for a row that does not exist yet."""
    return {k: v for k, v in stamps.items() if k != "closing"}
