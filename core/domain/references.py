"""Human-readable references, unique under concurrent writers.

Each series (e.g. GZ-20261126 for the day's resident complaints, ZY-FK-2026 for the year's
central feedback problems) is a tiny aggregate whose version is its counter; two writers that take
the same number collide on the event store's unique (id, version) key and one retries.
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from core.domain.values import REFERENCE_PREFIX, Origin

_NAMESPACE = uuid5(NAMESPACE_URL, "https://ducha.invalid/references")


def series_for(origin: Origin, day: date) -> str:
    """Complaints are numbered per day, inspection items per year."""
    prefix = REFERENCE_PREFIX[origin]
    if origin == Origin.RESIDENT_COMPLAINT:
        return f"{prefix}-{day:%Y%m%d}"
    return f"{prefix}-{day:%Y}"


def case_id_for(reference: str) -> UUID:
    """A case's id follows from its reference, so the store itself keeps references unique."""
    return uuid5(_NAMESPACE, f"case/{reference}")


class ReferenceSequence(Aggregate):
    """The numbering of one series."""

    class Started(Aggregate.Created):
        series: str

    class Allocated(Aggregate.Event):
        number: int

    @staticmethod
    def create_id(series: str) -> UUID:
        return uuid5(_NAMESPACE, f"series/{series}")

    @event(Started)
    def __init__(self, series: str) -> None:
        self.series = series
        self.last = 0

    def allocate(self) -> str:
        """Take the next number and return the full reference."""
        self._allocated(number=self.last + 1)
        return f"{self.series}-{self.last:04d}"

    @event(Allocated)
    def _allocated(self, number: int) -> None:
        self.last = number
