"""Human-readable references, unique under concurrent writers.

A series (e.g. GZ-20261126 for the day's resident complaints, ZY-FK-2026 for the year's central
feedback problems) is numbered 0001, 0002, … without gaps, because a number is only taken by
saving the case that carries it. A case's id is derived from its reference, so the event store's
unique (id, version) key is the arbiter: two writers that pick the same number collide, and the
loser looks for the next free one. No shared counter is read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from core.domain.values import REFERENCE_PREFIX, Origin

_NAMESPACE = uuid5(NAMESPACE_URL, "https://ducha.invalid/references")


def series_for(origin: Origin, day: date) -> str:
    """Complaints are numbered per day, inspection items per year."""
    prefix = REFERENCE_PREFIX[origin]
    if origin == Origin.RESIDENT_COMPLAINT:
        return f"{prefix}-{day:%Y%m%d}"
    return f"{prefix}-{day:%Y}"


def reference(series: str, number: int) -> str:
    return f"{series}-{number:04d}"


def case_id_for(reference: str) -> UUID:
    """A case's id follows from its reference, so the store itself keeps references unique."""
    return uuid5(_NAMESPACE, f"case/{reference}")


def next_free(taken: Callable[[int], bool], after: int = 0) -> int:
    """The lowest free number above `after`, in a series numbered 1, 2, … without gaps.

    Gallops upwards from the hint, then bisects: O(log n) look-ups from a stale hint.
    """
    low, step = after, 1
    while taken(low + step):
        low += step
        step *= 2
    high = low + step  # free; every number up to `low` is taken
    while high - low > 1:
        middle = (low + high) // 2
        if taken(middle):
            low = middle
        else:
            high = middle
    return high
