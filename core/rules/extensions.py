"""R7 extension abuse (延期): more extensions in a round than allowed, cumulative extension over
a share of the original period, or a request made after the deadline had passed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from core.rules.flags import Flag, Severity
from core.rules.history import Step, cite, rounds
from core.rules.thresholds import Thresholds


def _flag(step: Step, severity: Severity, text: str, *earlier: Step) -> Flag:
    return Flag("R7", step.case_id, severity, text, cite(*earlier, step), step.at)


def extension_abuse(steps: Sequence[Step], limits: Thresholds, zone: tzinfo) -> list[Flag]:
    flags = []
    for round_steps in rounds(steps):
        transfer: Step | None = None
        deadline: date | None = None
        granted: list[Step] = []
        for step in round_steps:
            if step.kind == "Transferred" and transfer is None:
                transfer = step
            if step.get("deadline") is not None and step.kind != "ExtensionGranted":
                deadline = step.get("deadline")
            if step.kind == "ExtensionRequested" and deadline is not None:
                day = step.at.astimezone(zone).date()
                if day > deadline:
                    text = f"An extension was requested on {day}, after the deadline {deadline}."
                    flags.append(_flag(step, Severity.HIGH, text))
            if step.kind != "ExtensionGranted":
                continue
            granted.append(step)
            deadline = step.get("deadline")
            if len(granted) == limits.max_extensions + 1:
                text = f"{len(granted)} extensions were granted in one round."
                flags.append(_flag(step, Severity.MEDIUM, text, *granted[:-1]))
            if transfer is not None and transfer.get("deadline") is not None:
                period = (transfer.get("deadline") - transfer.at.astimezone(zone).date()).days
                days = sum(int(g.get("days", 0)) for g in granted)
                cap = max(1, period) * limits.extension_cap_percent / 100
                if days > cap and days - int(step.get("days", 0)) <= cap:
                    share = f"{limits.extension_cap_percent}% of the {period}-day period"
                    text = f"Extensions add up to {days} days, over {share}."
                    flags.append(_flag(step, Severity.MEDIUM, text, transfer))
    return flags
