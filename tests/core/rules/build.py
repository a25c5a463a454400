"""Histories for the rule tests, written step by step on a clock the test moves."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from core.case.kinds import EventKind
from core.domain.roles import Actor, Role
from core.domain.values import Place
from core.rules.history import Step
from tests.helpers import INSPECTOR, LEADER, OFFICE, PLACE, UNIT

BEIJING = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
TRANSFERRED_UNIT = "jc.donghu.hubin"


class History:
    """A case's steps; `at` moves forward by `advance`."""

    def __init__(self, start: datetime = START, case_id: UUID | None = None) -> None:
        self.case_id = case_id or uuid4()
        self.now = start
        self.steps: list[Step] = []

    def advance(self, days: float = 0, hours: float = 0) -> History:
        self.now += timedelta(days=days, hours=hours)
        return self

    def add(
        self, kind: str, actor: Actor, /, effective_date: date | None = None, **data: Any
    ) -> Step:
        self.now += timedelta(minutes=1)
        step = Step(
            self.case_id,
            len(self.steps) + 1,
            EventKind(kind),
            self.now,
            actor,
            effective_date,
            data,
        )
        self.steps.append(step)
        return step

    def report(
        self, categories: tuple[str, ...] = ("water",), place: Place = PLACE,
        origin: str = "resident_complaint", reference: str = "GZ-2026-0001",
    ) -> History:  # fmt: skip
        self.add("Reported", OFFICE, reference=reference, origin=origin, place=place,
                 categories=list(categories))  # fmt: skip
        return self

    def transfer(self, days: int = 45) -> History:
        deadline = self.now.date() + timedelta(days=days)
        self.add("Transferred", OFFICE, unit_id=TRANSFERRED_UNIT, deadline=deadline)
        return self

    def photo(self, kind: str = "after", sha: str = "ab" * 32, actor: Actor = UNIT,
              **metadata: Any) -> Step:  # fmt: skip
        return self.add("EvidenceAttached", actor, sha256=sha, media_type="image/jpeg",
                        kind=kind, metadata=metadata)  # fmt: skip

    def rectify(self, plan: str = "清淤截污", report: str = "整改完成") -> History:
        self.add("Acknowledged", UNIT)
        self.add("PlanSubmitted", UNIT, text=plan)
        self.photo()
        self.add("CompletionClaimed", UNIT, report=report, substantiated=True)
        return self

    def close_properly(self) -> History:
        """Inspection, verification, a five-day notice, sign-off after it ends, close."""
        self.add("SiteInspected", INSPECTOR)
        self.add("Verified", INSPECTOR)
        ends = self.now.date() + timedelta(days=7)
        self.add("PublicNoticeOpened", OFFICE, text="公示", window_days=5, ends_on=ends)
        self.advance(days=10)
        self.add("SignedOff", LEADER)
        self.add("Closed", OFFICE, summary="整改到位，予以销号。")
        return self


def full_case(start: datetime = START, speed_days: int = 40) -> History:
    """A clean history from report to close."""
    h = History(start).report().transfer()
    h.advance(days=speed_days)
    return h.rectify().close_properly()


OTHER_UNIT = Actor("u-unit-2", "jc.xishan", Role.UNIT)
