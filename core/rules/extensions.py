"""R7 extension abuse (延期): more extensions in a round than allowed, cumulative extension over
a share of the original period, or a request made after the deadline had passed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from core.case.kinds import EventKind
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Step, cite, rounds
from core.rules.thresholds import Thresholds


def _flag(step: Step, severity: Severity, text: dict[str, Any], *earlier: Step) -> Flag:
    return Flag("R7", step.case_id, severity, cited=cite(*earlier, step), at=step.at, **text)


def extension_abuse(steps: Sequence[Step], limits: Thresholds, zone: tzinfo) -> list[Flag]:
    flags = []
    for round_steps in rounds(steps):
        transfer: Step | None = None
        deadline: date | None = None
        granted: list[Step] = []
        for step in round_steps:
            if step.kind == EventKind.TRANSFERRED and transfer is None:
                transfer = step
            if step.get("deadline") is not None and step.kind != EventKind.EXTENSION_GRANTED:
                deadline = step.get("deadline")
            if step.kind == EventKind.EXTENSION_REQUESTED and deadline is not None:
                day = step.at.astimezone(zone).date()
                if day > deadline:
                    text = explained(
                        "An extension was requested on %(day)s, after the deadline %(deadline)s.",
                        day=day,
                        deadline=deadline,
                    )
                    flags.append(_flag(step, Severity.HIGH, text))
            if step.kind != EventKind.EXTENSION_GRANTED:
                continue
            granted.append(step)
            deadline = step.get("deadline")
            if len(granted) == limits.max_extensions + 1:
                text = explained(
                    "%(count)s extensions were granted in one round.", count=len(granted)
                )
                flags.append(_flag(step, Severity.MEDIUM, text, *granted[:-1]))
            if transfer is not None and transfer.get("deadline") is not None:
                period = (transfer.get("deadline") - transfer.at.astimezone(zone).date()).days
                days = sum(int(g.get("days", 0)) for g in granted)
                cap = max(1, period) * limits.extension_cap_percent / 100
                if days > cap and days - int(step.get("days", 0)) <= cap:
                    text = explained(
                        "Extensions add up to %(days)s days, over %(percent)s%% of the "
                        "%(period)s-day period.",
                        days=days,
                        percent=limits.extension_cap_percent,
                        period=period,
                    )
                    flags.append(_flag(step, Severity.MEDIUM, text, transfer))
    return flags
