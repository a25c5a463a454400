"""R2 mandatory order before closing (纸面销号 otherwise): a site inspection after the claim,
verification, a public notice of at least N working days whose window has ended, every
objection resolved, sign-off, and only then the close."""

from __future__ import annotations

from collections.abc import Sequence

from core.case.kinds import EventKind
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Step, cite, rounds
from core.rules.thresholds import Thresholds


def _missing(round_steps: Sequence[Step], limits: Thresholds) -> list[str]:
    """What the closing lacked, in the order it should have happened."""
    kinds = [s.kind for s in round_steps]
    claim = max((i for i, k in enumerate(kinds) if k == EventKind.COMPLETION_CLAIMED), default=-1)
    missing = []

    def after(kind: EventKind, start: int) -> int:
        return next((i for i in range(start + 1, len(kinds)) if kinds[i] == kind), -1)

    inspected = after(EventKind.SITE_INSPECTED, claim)
    verified = after(EventKind.VERIFIED, max(inspected, claim))
    if inspected < 0:
        missing.append("a site inspection after the completion claim")
    if verified < 0:
        missing.append("verification after the site inspection")
    notice = after(EventKind.PUBLIC_NOTICE_OPENED, verified)
    signed = after(EventKind.SIGNED_OFF, notice)
    if notice < 0:
        missing.append("a public notice after verification")
    else:
        opened = round_steps[notice]
        if int(opened.get("window_days", 0)) < limits.notice_min_working_days:
            missing.append("a notice window of the minimum working days")
        ends = opened.get("ends_on")
        closing_day = round_steps[signed if signed >= 0 else -1].at.date()
        if ends is not None and closing_day <= ends:
            missing.append("the end of the notice window before sign-off")
    raised = {s.get("objection_id") for s in round_steps if s.kind == EventKind.OBJECTION_RAISED}
    resolved = {
        s.get("objection_id")
        for s in round_steps[: signed if signed >= 0 else len(round_steps)]
        if s.kind == EventKind.OBJECTION_RESOLVED
    }
    if raised - resolved:
        missing.append("every objection resolved before sign-off")
    if signed < 0:
        missing.append("a leader's sign-off")
    return missing


def closing_order(steps: Sequence[Step], limits: Thresholds) -> list[Flag]:
    flags = []
    for round_steps in rounds(steps):
        for index, step in enumerate(round_steps):
            if step.kind != EventKind.CLOSED:
                continue
            missing = _missing(round_steps[: index + 1], limits)
            if missing:
                flags.append(
                    Flag(
                        rule="R2",
                        case_id=step.case_id,
                        severity=Severity.HIGH,
                        **explained(
                            "Closed without: %(missing_phrases)s.",
                            missing_phrases="; ".join(missing),
                        ),
                        cited=cite(step),
                        at=step.at,
                    )
                )
    return flags
