"""R9 monitoring contradiction: readings linked to the case breach their limit after it closed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.case.kinds import EventKind
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Step, cite


@dataclass(frozen=True)
class Reading:
    """One monitoring value at a station or section (断面), against its limit or target."""

    station: str
    metric: str
    measured_at: datetime
    value: float
    limit: float

    @property
    def breaches(self) -> bool:
        return self.value > self.limit


def monitoring_contradiction(steps: Sequence[Step], readings: Sequence[Reading]) -> list[Flag]:
    flags = []
    ends = [s for s in steps if s.kind in (EventKind.CLOSED, EventKind.REBOUNDED)]
    for index, closed in enumerate(ends):
        if closed.kind != EventKind.CLOSED:
            continue
        until = ends[index + 1].at if index + 1 < len(ends) else None
        after = [
            r for r in readings
            if r.breaches and r.measured_at > closed.at and (until is None or r.measured_at < until)
        ]  # fmt: skip
        if not after:
            continue
        worst = max(after, key=lambda r: r.value / r.limit if r.limit else r.value)
        flags.append(
            Flag(
                rule="R9",
                case_id=closed.case_id,
                severity=Severity.HIGH,
                **explained(
                    "%(count)s monitoring reading(s) breached the limit after closing; the worst: "
                    "%(metric)s %(value)s against %(limit)s at %(station)s on %(day)s.",
                    count=len(after),
                    metric=worst.metric,
                    value=f"{worst.value:g}",
                    limit=f"{worst.limit:g}",
                    station=worst.station,
                    day=f"{worst.measured_at:%Y-%m-%d}",
                ),
                cited=cite(closed),
                at=closed.at,
            )
        )
    return flags
