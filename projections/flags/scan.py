"""`audit scan`: every rule over every case's full history, from scratch.

The cross-case indexes are built afresh in a scratch in-memory database from all stored
events (the readings are copied in), then each case is evaluated once. The result must equal
the flags the projection keeps incrementally; `compare` says where it does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, create_engine, insert, select
from sqlalchemy.pool import StaticPool

from core.rules.catalogue import Setting, evaluate
from core.rules.flags import Flag
from core.rules.history import Step, facts_of, step_of
from core.service.application import Ducha
from projections.cases.projection import is_case_event
from projections.flags.index import index_rows, neighbours, write_index
from projections.flags.tables import INDEX_TABLES, flags
from stores.readings import readings


def stored_events(app: Ducha, batch: int = 1000) -> Iterator[Any]:
    """Every stored event, in notification order."""
    start = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=start, limit=batch, inclusive_of_start=False
        )
        if not notifications:
            return
        for notification in notifications:
            yield app.mapper.to_domain_event(notification)
        start = notifications[-1].id


def case_histories(app: Ducha) -> dict[UUID, list[Step]]:
    histories: dict[UUID, list[Step]] = {}
    for event in stored_events(app):
        if is_case_event(event):
            histories.setdefault(event.originator_id, []).append(step_of(event))
    return histories


def full_scan(app: Ducha, engine: Engine, setting: Setting) -> list[Flag]:
    """Every flag of every case, computed from scratch."""
    limits = setting.thresholds
    histories = case_histories(app)
    scratch = create_engine("sqlite://", poolclass=StaticPool, hide_parameters=True)
    found: list[Flag] = []
    try:
        with scratch.begin() as work:
            for table in (*INDEX_TABLES, readings):
                table.create(work)
            with engine.connect() as real:
                rows = [dict(r._mapping) for r in real.execute(select(readings))]
            if rows:
                work.execute(insert(readings), rows)
            for steps in histories.values():
                facts = facts_of(steps)
                write_index(work, [row for s in steps for row in index_rows(s, facts, limits)])
            for steps in histories.values():
                facts = facts_of(steps)
                found += evaluate(steps, neighbours(work, steps, facts, setting), setting)
    finally:
        scratch.dispose()
    return found


@dataclass(frozen=True)
class Comparison:
    """The scan against the projection's table: flags only one of them holds."""

    scanned: int
    stored: int
    missing: list[str]  # found by the scan, not in the table
    extra: list[str]  # in the table, not found by the scan

    @property
    def agrees(self) -> bool:
        return not self.missing and not self.extra


def compare(engine: Engine, found: list[Flag]) -> Comparison:
    with engine.connect() as conn:
        stored = set(conn.execute(select(flags.c.flag_id)).scalars())
    scanned = {f.flag_id for f in found}
    return Comparison(len(scanned), len(stored), sorted(scanned - stored), sorted(stored - scanned))
