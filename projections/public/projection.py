"""Public cases: only what DESIGN §3 allows a resident or a visitor to read, text redacted.

A case is public once accepted; declined and merged complaints, and everything not yet accepted,
stay off the public side. No actor, no contact, no raw coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    delete,
    insert,
    select,
    update,
)

from core.case.aggregate import Case
from core.service.application import Ducha
from projections.cases.projection import CaseStates, is_case_event
from projections.engine.catchup import Batch
from projections.engine.metadata import read_model_metadata
from projections.public.redaction import coarse, public_title, redact

public_cases = Table(
    "public_cases",
    read_model_metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("categories", String(200), nullable=False),
    Column("origin", String(40), nullable=False),
    Column("district_id", String(100), nullable=False, index=True),
    Column("township_id", String(100)),
    Column("address", String(300), nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("status", String(40), nullable=False, index=True),
    Column("round", Integer, nullable=False),
    Column("responsible_unit", String(100)),
    Column("deadline", Date),
    Column("notice_ends_on", Date),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("typical_title", String(200)),
    Column("typical_text", Text),
    Column("typical_published_at", DateTime(timezone=True), index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

_NOT_PUBLIC = frozenset({"reported", "declined", "merged"})


def public_values(case: Case) -> dict[str, Any]:
    place = case.place
    return {
        "reference": case.reference,
        "title": public_title(case.title, case.description),
        "description": redact(case.description),
        "categories": ",".join(c.value for c in case.categories),
        "origin": case.origin.value,
        "district_id": place.district_id,
        "township_id": place.township_id,
        "address": redact(place.address),
        "lat": coarse(place.lat),
        "lon": coarse(place.lon),
        "status": case.status.value,
        "round": case.round,
        "responsible_unit": case.responsible_unit,
        "deadline": case.deadline,
        "notice_ends_on": case.notice_ends_on,
    }


class PublicCasesProjection:
    name = "public_cases"
    tables: Sequence[Table] = (public_cases,)

    def __init__(self, app: Ducha, states: CaseStates | None = None) -> None:
        self.states = states or CaseStates(app)

    def create(self, conn: Connection) -> None:
        return None

    def drop(self, conn: Connection) -> None:
        return None

    def forget(self) -> None:
        self.states.forget()

    def apply(self, conn: Connection, events: Batch) -> None:
        latest: dict[UUID, tuple[Case, datetime]] = {}
        extras: dict[UUID, dict[str, Any]] = {}
        for _notification_id, event in events:
            if not is_case_event(event):
                continue
            case = self.states.advance(event)
            latest[case.id] = (case, event.timestamp)
            if isinstance(event, Case.Closed):
                extras.setdefault(case.id, {})["closed_at"] = event.timestamp
            elif isinstance(event, Case.Rebounded):
                extras.setdefault(case.id, {})["closed_at"] = None
            elif isinstance(event, Case.TypicalCasePublished):
                extras.setdefault(case.id, {}).update(
                    typical_title=redact(event.title),
                    typical_text=redact(event.text),
                    typical_published_at=event.timestamp,
                )
        if not latest:
            return
        hidden = [i for i, (c, _at) in latest.items() if c.status.value in _NOT_PUBLIC]
        if hidden:
            conn.execute(delete(public_cases).where(public_cases.c.case_id.in_(hidden)))
        shown = {i: v for i, v in latest.items() if i not in set(hidden)}
        if not shown:
            return
        existing = set(
            conn.execute(
                select(public_cases.c.case_id).where(public_cases.c.case_id.in_(list(shown)))
            ).scalars()
        )
        rows = [
            {"b_case_id": i, **public_values(c), "updated_at": at}
            for i, (c, at) in shown.items()
            if i in existing
        ]
        if rows:
            conn.execute(_UPDATE_PUBLIC, rows)
        fresh = [
            {"case_id": i, **public_values(c), "updated_at": at, "reported_at": c.created_on,
             **dict.fromkeys(_EXTRA_COLUMNS), **extras.pop(i, {})}
            for i, (c, at) in shown.items()
            if i not in existing
        ]  # fmt: skip
        if fresh:
            conn.execute(insert(public_cases), fresh)
        for case_id, values in extras.items():
            if case_id in shown:
                conn.execute(
                    update(public_cases).where(public_cases.c.case_id == case_id).values(**values)
                )


_EXTRA_COLUMNS = ("closed_at", "typical_title", "typical_text", "typical_published_at")
_UPDATE_PUBLIC = (
    update(public_cases)
    .where(public_cases.c.case_id == bindparam("b_case_id"))
    .values(
        {
            name: bindparam(name)
            for name in [
                "reference", "title", "description", "categories", "origin", "district_id",
                "township_id", "address", "lat", "lon", "status", "round", "responsible_unit",
                "deadline", "notice_ends_on", "updated_at",
            ]
        }
    )
)  # fmt: skip
