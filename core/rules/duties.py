"""R1 separation of duties: the verifier, the signer, the closer and the extension's grantor
are neither a person nor a unit (or a unit below one) that did the rectification, in any round.

The domain refuses this at command time within a round; the rule also reads earlier rounds
and histories recorded before a check existed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.case.kinds import EventKind
from core.domain.orgunits import OrgTree
from core.domain.roles import Role
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Step, cite

_WORK = frozenset(
    {
        EventKind.ACKNOWLEDGED,
        EventKind.PLAN_SUBMITTED,
        EventKind.PROGRESS_REPORTED,
        EventKind.EVIDENCE_ATTACHED,
        EventKind.COMPLETION_CLAIMED,
    }
)
#: The steps that accept the work: what to say when a doer, or a doer's unit, took them.
_ACCEPTING = {
    EventKind.VERIFIED: (
        "%(user)s (%(unit)s) verified the case after working on it (%(work)s).",
        "%(user)s (%(unit)s) verified the case from %(doer_unit)s, "
        "a unit that did or owns the work.",
    ),
    EventKind.SIGNED_OFF: (
        "%(user)s (%(unit)s) signed off the case after working on it (%(work)s).",
        "%(user)s (%(unit)s) signed off the case from %(doer_unit)s, "
        "a unit that did or owns the work.",
    ),
    EventKind.CLOSED: (
        "%(user)s (%(unit)s) closed the case after working on it (%(work)s).",
        "%(user)s (%(unit)s) closed the case from %(doer_unit)s, a unit that did or owns the work.",
    ),
}


def _within(tree: OrgTree, unit: str, ancestor: str) -> bool:
    return unit in tree and ancestor in tree and tree.is_within(unit, ancestor)


def _same_side(tree: OrgTree, step: Step, request: Step) -> bool:
    same_user = step.actor.user_id == request.actor.user_id
    return same_user or _within(tree, step.actor.unit_id, request.actor.unit_id)


def separation_of_duties(steps: Sequence[Step], tree: OrgTree) -> list[Flag]:
    flags: list[Flag] = []
    doers: dict[str, Step] = {}  # user -> the first work step
    units: dict[str, Step] = {}  # unit -> the step that made it a doer or responsible
    request: Step | None = None
    for step in steps:
        if step.kind in _WORK and step.actor.role is Role.UNIT:
            doers.setdefault(step.actor.user_id, step)
            units.setdefault(step.actor.unit_id, step)
        elif step.kind == EventKind.TRANSFERRED:
            units.setdefault(str(step.get("unit_id")), step)
        elif step.kind == EventKind.EXTENSION_REQUESTED:
            request = step
        elif (
            step.kind == EventKind.EXTENSION_GRANTED and request and _same_side(tree, step, request)
        ):
            granted = "%(user)s (%(unit)s) granted an extension that it had requested itself."
            flags.append(_flag(step, request, explained(granted, **_who(step))))
        if step.kind not in _ACCEPTING:
            continue
        worked, from_unit = _ACCEPTING[step.kind]
        if step.actor.user_id in doers:
            done = doers[step.actor.user_id]
            flags.append(_flag(step, done, explained(worked, **_who(step), work=done.kind)))
            continue
        for unit, done in units.items():
            if _within(tree, step.actor.unit_id, unit):
                flags.append(_flag(step, done, explained(from_unit, **_who(step), doer_unit=unit)))
                break
    return flags


def _who(step: Step) -> dict[str, str]:
    return {"user": step.actor.user_id, "unit": step.actor.unit_id}


def _flag(step: Step, earlier: Step, text: dict[str, Any]) -> Flag:
    return Flag("R1", step.case_id, Severity.HIGH, cited=cite(earlier, step), at=step.at, **text)
