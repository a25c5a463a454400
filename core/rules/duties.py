"""R1 separation of duties: the verifier, the signer, the closer and the extension's grantor
are neither a person nor a unit (or a unit below one) that did the rectification, in any round.

The domain refuses this at command time within a round; the rule also reads earlier rounds
and histories recorded before a check existed.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.domain.orgunits import OrgTree
from core.domain.roles import Role
from core.rules.flags import Flag, Severity
from core.rules.history import Step, cite

_WORK = frozenset(
    {"Acknowledged", "PlanSubmitted", "ProgressReported", "EvidenceAttached", "CompletionClaimed"}
)
_ACCEPTING = {"Verified": "verified", "SignedOff": "signed off", "Closed": "closed"}


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
        elif step.kind == "Transferred":
            units.setdefault(str(step.get("unit_id")), step)
        elif step.kind == "ExtensionRequested":
            request = step
        elif step.kind == "ExtensionGranted" and request and _same_side(tree, step, request):
            flags.append(_flag(step, request, "granted an extension it requested itself"))
        if step.kind not in _ACCEPTING:
            continue
        what = _ACCEPTING[step.kind]
        if step.actor.user_id in doers:
            done = doers[step.actor.user_id]
            flags.append(_flag(step, done, f"{what} the case after working on it ({done.kind})"))
            continue
        for unit, done in units.items():
            if _within(tree, step.actor.unit_id, unit):
                flags.append(
                    _flag(
                        step, done, f"{what} the case from {unit}, a unit that did or owns the work"
                    )
                )
                break
    return flags


def _flag(step: Step, earlier: Step, what: str) -> Flag:
    return Flag(
        rule="R1",
        case_id=step.case_id,
        severity=Severity.HIGH,
        explanation=f"{step.actor.user_id} ({step.actor.unit_id}) {what}.",
        cited=cite(earlier, step),
        at=step.at,
    )
