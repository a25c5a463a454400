"""R11 verdict audit: a complaint judged unsubstantiated (不属实) and later contradicted, by a
failed verification, an upheld objection, a rebound, a substantiated claim, or the residents."""

from __future__ import annotations

from collections.abc import Sequence

from core.case.kinds import EventKind
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Step, cite

_SAID = "The complaint was judged unsubstantiated; "
_OFFICIAL = {
    EventKind.VERIFICATION_FAILED: _SAID + "a failed verification contradicts it.",
    EventKind.REBOUNDED: _SAID + "a rebound contradicts it.",
}
_RESIDENTS = {
    EventKind.COMPLAINT_LINKED: _SAID + "a repeat complaint contradicts it.",
    EventKind.FEEDBACK_GIVEN: _SAID + "residents' feedback contradicts it.",
}


def _contradiction(step: Step) -> tuple[str, Severity] | None:
    """What contradicts the verdict (as the explanation's template), and how gravely."""
    if step.kind in _OFFICIAL:
        return _OFFICIAL[step.kind], Severity.HIGH
    if step.kind == EventKind.COMPLETION_CLAIMED and step.get("substantiated") is True:
        return _SAID + "a later claim that finds it substantiated contradicts it.", Severity.HIGH
    if step.kind == EventKind.OBJECTION_RESOLVED and step.get("upheld"):
        return _SAID + "an upheld objection contradicts it.", Severity.HIGH
    if step.kind == EventKind.FEEDBACK_GIVEN and step.get("fixed") is not False:
        return None
    if step.kind in _RESIDENTS:
        return _RESIDENTS[step.kind], Severity.MEDIUM
    return None


def verdict_contradicted(steps: Sequence[Step]) -> list[Flag]:
    flags = []
    verdict: Step | None = None
    for step in steps:
        if step.kind == EventKind.COMPLETION_CLAIMED and step.get("substantiated") is False:
            verdict = step
            continue
        found = _contradiction(step) if verdict is not None else None
        if verdict is None or found is None:
            continue
        template, severity = found
        flags.append(
            Flag(
                rule="R11",
                case_id=step.case_id,
                severity=severity,
                **explained(template),
                cited=cite(verdict, step),
                at=step.at,
            )
        )
        verdict = None
    return flags
