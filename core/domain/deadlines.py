"""Deadlines: calendar and working days, per-origin profiles, and derived overdue.

Overdue is never a status: it is computed from a case's deadline and today's date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from core.domain.errors import InvalidInput
from core.domain.values import Origin


class DayUnit(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class WorkCalendar:
    """Weekends are rest days, except configured make-up working days (调休); holidays are rest."""

    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> None:
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)
        both = self.holidays & self.workdays
        if both:
            raise InvalidInput(
                "dates both holiday and make-up working day: %(dates)s", dates=sorted(both)
            )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> WorkCalendar:
        try:
            return cls(
                holidays=[date.fromisoformat(d) for d in data.get("holidays", [])],
                workdays=[date.fromisoformat(d) for d in data.get("workdays", [])],
            )
        except (TypeError, ValueError) as exc:
            raise InvalidInput("bad working-day calendar: %(exc)s", exc=exc) from exc

    @classmethod
    def from_file(cls, path: Path) -> WorkCalendar:
        with path.open(encoding="utf-8") as fh:
            return cls.from_mapping(json.load(fh))

    @classmethod
    def default(cls) -> WorkCalendar:
        text = resources.files("core.data").joinpath("calendar.json").read_text(encoding="utf-8")
        return cls.from_mapping(json.loads(text))

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself does not count)."""
        if days < 0:
            raise InvalidInput("a number of working days cannot be negative")
        day = start
        remaining = days
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def add(self, start: date, days: int, unit: DayUnit) -> date:
        if unit is DayUnit.WORKING:
            return self.add_working_days(start, days)
        if days < 0:
            raise InvalidInput("a number of days cannot be negative")
        return start + timedelta(days=days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


@dataclass(frozen=True)
class Clock:
    """A time limit: so many days of a unit."""

    days: int
    unit: DayUnit = DayUnit.CALENDAR


@dataclass(frozen=True)
class DeadlineProfile:
    """Time limits of one origin. `result` runs from transfer; `accept` and `close` from intake."""

    accept: Clock | None = None
    close: Clock | None = None
    result: Clock | None = None
    max_extensions: int = 1
    max_extension_days: int = 30


def default_profiles(provincial_result_days: int = 7) -> dict[Origin, DeadlineProfile]:
    """Profiles from the rules in reference/domain.md §5.3-5.4.

    Resident complaints (12369 / 信访): accept within 15 days, close within 60 of acceptance, at
    most one extension of ≤ 30 days. Central-inspection petitions: result in 10 days; provincial
    ones in 5 or 7 (set per province). Inspection problems get their deadline at transfer.
    """
    complaint = DeadlineProfile(accept=Clock(15), close=Clock(60))
    given_at_transfer = DeadlineProfile(max_extensions=1, max_extension_days=90)
    profiles = {origin: given_at_transfer for origin in Origin}
    profiles[Origin.RESIDENT_COMPLAINT] = complaint
    profiles[Origin.CENTRAL_PETITION] = DeadlineProfile(result=Clock(10), max_extension_days=30)
    profiles[Origin.PROVINCIAL_PETITION] = DeadlineProfile(
        result=Clock(provincial_result_days), max_extension_days=30
    )
    return profiles


@dataclass(frozen=True)
class DeadlinePolicy:
    """The calendar and the per-origin profiles a deployment runs with."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    profiles: Mapping[Origin, DeadlineProfile] = field(default_factory=default_profiles)
    notice_min_working_days: int = 5

    def profile(self, origin: Origin) -> DeadlineProfile:
        return self.profiles[origin]

    def due(self, start: date, clock: Clock | None) -> date | None:
        return None if clock is None else self.calendar.add(start, clock.days, clock.unit)


def is_overdue(deadline: date | None, today: date, finished: bool) -> bool:
    """A case is overdue when it has a deadline, is not finished, and the deadline has passed."""
    return deadline is not None and not finished and today > deadline


def days_overdue(deadline: date | None, today: date, finished: bool) -> int:
    if deadline is None or not is_overdue(deadline, today, finished):
        return 0
    return (today - deadline).days
