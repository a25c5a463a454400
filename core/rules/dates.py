"""R3 backdating: claimed dates before the transfer, after the recording or far from it, and
"after" photos whose EXIF time lies before the transfer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from core.case.kinds import EventKind
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Step, cite, is_photo
from core.rules.thresholds import Thresholds

_DATED = frozenset(
    {
        EventKind.PLAN_SUBMITTED,
        EventKind.PROGRESS_REPORTED,
        EventKind.COMPLETION_CLAIMED,
        EventKind.SITE_INSPECTED,
    }
)


def _flag(step: Step, transfer: Step | None, severity: Severity, text: dict[str, Any]) -> Flag:
    cited = cite(transfer, step) if transfer is not None else cite(step)
    return Flag("R3", step.case_id, severity, cited=cited, at=step.at, **text)


def _exif_day(step: Step) -> date | None:
    raw = (step.get("metadata") or {}).get("exif_time")
    try:
        return datetime.fromisoformat(str(raw)).date() if raw else None
    except ValueError:
        return None


def backdating(steps: Sequence[Step], limits: Thresholds, zone: tzinfo) -> list[Flag]:
    flags: list[Flag] = []
    transfer: Step | None = None
    for step in steps:
        recorded = step.at.astimezone(zone).date()
        if step.kind == EventKind.TRANSFERRED:
            transfer = step
        transferred = transfer.at.astimezone(zone).date() if transfer else None
        claimed = step.effective_date
        if step.kind in _DATED and claimed is not None:
            said = {"event": step.kind, "claimed": claimed, "recorded": recorded}
            if transferred is not None and claimed < transferred:
                text = explained(
                    "%(event)s claims %(claimed)s, before the transfer on %(transferred)s.",
                    **said,
                    transferred=transferred,
                )
                flags.append(_flag(step, transfer, Severity.HIGH, text))
            elif claimed > recorded:
                text = explained(
                    "%(event)s claims %(claimed)s, after it was recorded on %(recorded)s.", **said
                )
                flags.append(_flag(step, None, Severity.HIGH, text))
            elif (recorded - claimed).days > limits.backdate_max_days:
                text = explained(
                    "%(event)s claims %(claimed)s, %(gap)s days before it was recorded on "
                    "%(recorded)s.",
                    **said,
                    gap=(recorded - claimed).days,
                )
                flags.append(_flag(step, None, Severity.MEDIUM, text))
        taken = _exif_day(step) if is_photo(step) and step.get("kind") == "after" else None
        if taken is not None and transferred is not None and taken < transferred:
            text = explained(
                "An after photo was taken on %(taken)s (EXIF), before the transfer on "
                "%(transferred)s.",
                taken=taken,
                transferred=transferred,
            )
            flags.append(_flag(step, transfer, Severity.HIGH, text))
    return flags
