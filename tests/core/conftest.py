"""Shared helpers of the pure domain tests: the demo tree, a policy, actors and a case driver."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.case.aggregate import Case
from core.domain.context import Context
from core.domain.deadlines import DeadlinePolicy, WorkCalendar
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.domain.values import Category, EvidenceKind, Origin, Place

TZ = ZoneInfo("Asia/Shanghai")
#: Monday 2 March 2026, a working day well away from any holiday.
START = datetime(2026, 3, 2, 9, 30, tzinfo=TZ)
SHA = "ab" * 32


class Flow:
    """Builds a fresh resident complaint and drives it, step by step, to the status asked for.

    Each step happens on a fixed day after START, so deadlines and windows are predictable.
    """

    tree = OrgTree.default()
    policy = DeadlinePolicy(calendar=WorkCalendar.default())
    place = Place(district_id="jc.donghu", township_id="jc.donghu.hubin", address="Lake Road 1")
    unit_id = "jc.donghu.sthj"

    resident = Actor("resident-1", "jc", Role.RESIDENT)
    intake = Actor("intake-1", "jc.donghu", Role.INTAKE)
    office = Actor("office-1", "jc", Role.OFFICE)
    unit = Actor("unit-1", "jc.donghu.sthj", Role.UNIT)
    inspector = Actor("inspector-1", "jc.dcz1", Role.INSPECTOR)
    leader = Actor("leader-1", "jc", Role.LEADER)

    def ctx(self, actor: Actor, day: int = 0) -> Context:
        """A context for `actor`, `day` days after START."""
        return Context(
            actor=actor, now=START + timedelta(days=day), tree=self.tree, policy=self.policy
        )

    def day_of(self, when: date) -> int:
        """The day offset from START of a date."""
        return (when - START.date()).days

    def reported(self, **overrides: object) -> Case:
        fields: dict[str, object] = {
            "reference": "GZ-20260302-0001",
            "origin": Origin.RESIDENT_COMPLAINT,
            "title": "Black water at the lake inlet",
            "description": "The inlet smells and the water is black since last week.",
            "categories": [Category.WATER],
            "place": self.place,
        }
        fields.update(overrides)
        return Case.report(self.ctx(self.resident), **fields)

    def accepted(self) -> Case:
        case = self.reported()
        case.accept(self.ctx(self.intake))
        return case

    def transferred(self) -> Case:
        case = self.accepted()
        case.transfer(self.ctx(self.office, 1), self.unit_id, instructions="Stop the discharge")
        return case

    def rectifying(self) -> Case:
        case = self.transferred()
        case.acknowledge(self.ctx(self.unit, 2))
        return case

    def attach(self, case: Case, actor: Actor | None = None, day: int = 3) -> None:
        case.attach_evidence(
            self.ctx(actor or self.unit, day), SHA, "image/jpeg", 1024, EvidenceKind.AFTER
        )

    def claimed(self) -> Case:
        case = self.rectifying()
        self.attach(case)
        case.claim_completion(self.ctx(self.unit, 10), "The outfall is sealed.", True)
        return case

    def inspect(self, case: Case, day: int = 11) -> None:
        case.record_site_inspection(self.ctx(self.inspector, day), "Outfall sealed", ["Li", "Wang"])

    def verified(self) -> Case:
        case = self.claimed()
        self.inspect(case)
        case.verify(self.ctx(self.inspector, 11), "Rectified")
        return case

    def noticed(self) -> Case:
        case = self.verified()
        case.open_public_notice(self.ctx(self.office, 12), "Rectified, objections welcome", 5)
        return case

    def after_notice(self, case: Case) -> int:
        """The first day after the case's public notice window."""
        return self.day_of(case.notice_ends_on) + 1

    def signed_off(self) -> Case:
        case = self.noticed()
        case.sign_off(self.ctx(self.leader, self.after_notice(case)))
        return case

    def closed(self) -> Case:
        case = self.signed_off()
        case.close(self.ctx(self.office, self.after_notice(case)), "Closed after notice")
        return case

    def rebounded(self) -> Case:
        case = self.closed()
        case.rebound(self.ctx(self.inspector, 60), "Black water again", "look_back")
        return case


@pytest.fixture
def flow() -> Flow:
    return Flow()
