"""The integrity-flag projection: runs the anti-fake rules (core.rules) as events arrive.

Each event adds what it must to the cross-case indexes; at the end of the batch every case
it touched is evaluated again in full: its own case, and the other cases the step can change
(a later reuse of the same photo or text, a later claim of a burst, a closing a new report
recurs after). A case's flags are replaced as a whole, so they always equal what
`audit scan` finds from scratch. Reviews of flags arrive as events of their own.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Table, delete, insert, select, update

from core.review.aggregate import FlagReview
from core.rules.catalogue import Setting, evaluate
from core.rules.flags import Flag
from core.rules.history import CaseFacts, Step, facts_of, step_of, steps_of
from core.rules.thresholds import Thresholds
from core.service.application import Ducha
from projections.cases.projection import is_case_event
from projections.engine.catchup import Batch
from projections.flags.index import affected_by, index_rows, neighbours, utc, write_index
from projections.flags.tables import TABLES, flag_cases, flag_reviews, flags


def rule_setting(app: Ducha, thresholds: Thresholds | None = None) -> Setting:
    """The rules' setting for this application: its org tree and zone, these thresholds."""
    return Setting(thresholds=thresholds or Thresholds(), tree=app.tree, zone=app.zone)


def flag_row(flag: Flag, facts: CaseFacts, setting: Setting) -> dict[str, Any]:
    return {
        "flag_id": flag.flag_id,
        "case_id": flag.case_id,
        "reference": facts.reference,
        "rule": flag.rule,
        "severity": flag.severity.value,
        "explanation": flag.explanation,
        "template": flag.template or None,
        "params": json.dumps(dict(flag.values), ensure_ascii=False),
        "cited": " ".join(f"{c.case_id}:{c.version}" for c in flag.cited),
        "raised_at": utc(flag.at),
        "month": flag.at.astimezone(setting.zone).strftime("%Y-%m"),
        "district_id": facts.district_id,
        "unit_id": facts.unit_id,
        "proposal": flag.proposal,
    }


class FlagsProjection:
    """Integrity flags, their reviews, and the indexes the cross-case rules read."""

    name = "integrity_flags"
    tables: Sequence[Table] = TABLES

    def __init__(self, app: Ducha, thresholds: Thresholds | None = None, cache: int = 4096) -> None:
        self.app = app
        self.setting = rule_setting(app, thresholds)
        self.size = cache
        self._steps: OrderedDict[UUID, list[Step]] = OrderedDict()

    def create(self, conn: Connection) -> None:
        return None

    def drop(self, conn: Connection) -> None:
        return None

    def forget(self) -> None:
        self._steps.clear()

    def apply(self, conn: Connection, events: Batch) -> None:
        limits = self.setting.thresholds
        touched: dict[UUID, None] = {}
        seen: dict[UUID, tuple[int, CaseFacts]] = {}
        for _notification_id, event in events:
            if type(event) in REVIEWED_FLAG:
                self._review(conn, event)
                continue
            if not is_case_event(event):
                continue
            step = step_of(event)
            steps = self._append(step)
            facts = facts_of(steps)
            touched.update(dict.fromkeys(affected_by(conn, step, facts, limits)))
            write_index(conn, index_rows(step, facts, limits))
            touched[step.case_id] = None
            seen[step.case_id] = (step.version, facts)
        self._remember_cases(conn, seen)
        self.reevaluate(conn, touched)

    def reevaluate(self, conn: Connection, case_ids: Iterable[UUID]) -> int:
        """Evaluate these cases in full and replace their flags; how many flags they hold."""
        rows: list[dict[str, Any]] = []
        chosen = list(case_ids)
        for case_id in chosen:
            steps = self._history(conn, case_id)
            if not steps:
                continue
            facts = facts_of(steps)
            found = evaluate(steps, neighbours(conn, steps, facts, self.setting),
                             self.setting)  # fmt: skip
            rows += [flag_row(f, facts, self.setting) for f in found]
        for start in range(0, len(chosen), 500):
            conn.execute(delete(flags).where(flags.c.case_id.in_(chosen[start : start + 500])))
        if rows:
            conn.execute(insert(flags), rows)
        return len(rows)

    def _append(self, step: Step) -> list[Step]:
        """The case's steps up to this one, from the cache or, after a restart, the store."""
        steps = self._steps.pop(step.case_id, None)
        if step.version == 1:
            steps = [step]
        elif steps is not None and steps[-1].version == step.version - 1:
            steps.append(step)
        else:
            steps = steps_of(self.app.events.get(step.case_id, lte=step.version))
        self._keep(step.case_id, steps)
        return steps

    def _history(self, conn: Connection, case_id: UUID) -> list[Step]:
        steps = self._steps.get(case_id)
        if steps is not None:
            return steps
        version = conn.execute(
            select(flag_cases.c.version).where(flag_cases.c.case_id == case_id)
        ).scalar()
        if version is None:
            return []
        steps = steps_of(self.app.events.get(case_id, lte=version))
        self._keep(case_id, steps)
        return steps

    def _keep(self, case_id: UUID, steps: list[Step]) -> None:
        self._steps[case_id] = steps
        self._steps.move_to_end(case_id)
        if len(self._steps) > self.size:
            self._steps.popitem(last=False)

    def _remember_cases(self, conn: Connection, seen: dict[UUID, tuple[int, CaseFacts]]) -> None:
        if not seen:
            return
        known = set(
            conn.execute(select(flag_cases.c.case_id).where(flag_cases.c.case_id.in_(list(seen))))
            .scalars()
        )  # fmt: skip
        values = {
            case_id: {"version": version, "reference": f.reference, "district_id": f.district_id,
                      "unit_id": f.unit_id}
            for case_id, (version, f) in seen.items()
        }  # fmt: skip
        fresh = [{"case_id": i, **v} for i, v in values.items() if i not in known]
        if fresh:
            conn.execute(insert(flag_cases), fresh)
        for case_id in known:
            conn.execute(
                update(flag_cases).where(flag_cases.c.case_id == case_id).values(**values[case_id])
            )

    def _review(self, conn: Connection, event: Any) -> None:
        """A review is kept with every earlier one; the latest is the flag's current review."""
        flag_id, case_id = REVIEWED_FLAG[type(event)](conn, event)
        conn.execute(
            insert(flag_reviews).values(
                flag_id=flag_id,
                version=event.originator_version,
                review_id=event.originator_id,
                case_id=case_id,
                decision=event.decision,
                reason=event.reason,
                reviewer=event.actor.user_id,
                reviewed_at=utc(event.timestamp),
            )
        )


def _flag_of_first_review(conn: Connection, event: Any) -> tuple[str, UUID]:
    return event.flag_id, event.case_id


def _flag_of_later_review(conn: Connection, event: Any) -> tuple[str, UUID]:
    """A later review names neither; the first review of the same aggregate did."""
    c = flag_reviews.c
    first = conn.execute(
        select(c.flag_id, c.case_id).where(c.review_id == event.originator_id).limit(1)
    ).one()
    return first.flag_id, first.case_id


#: Every FlagReview event, and how to find the flag and case it reviews.
REVIEWED_FLAG: dict[type[Any], Callable[[Connection, Any], tuple[str, UUID]]] = {
    FlagReview.Reviewed: _flag_of_first_review,
    FlagReview.Revised: _flag_of_later_review,
}
