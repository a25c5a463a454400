"""R16 penalty-only closure (以罚代改): closed with a fine or an order in its texts but no
corrective evidence (an after photo or monitoring) from the responsible unit in that round."""

from __future__ import annotations

from collections.abc import Sequence

from core.case.kinds import EventKind
from core.domain.roles import Role
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Step, cite, rounds
from core.rules.texts import TEXT_FIELDS
from core.rules.thresholds import Thresholds

_CORRECTIVE = frozenset({"after", "monitoring"})
_FIELDS = {**TEXT_FIELDS, EventKind.PROGRESS_REPORTED: "text", EventKind.CLOSED: "summary"}


def penalty_only(steps: Sequence[Step], limits: Thresholds) -> list[Flag]:
    flags = []
    for round_steps in rounds(steps):
        corrective = any(
            s.kind == EventKind.EVIDENCE_ATTACHED
            and s.actor.role is Role.UNIT
            and s.get("kind") in _CORRECTIVE
            for s in round_steps
        )
        for step in round_steps:
            if step.kind != EventKind.CLOSED or corrective:
                continue
            texts = [str(s.get(_FIELDS[s.kind], "")) for s in round_steps if s.kind in _FIELDS]
            words = sorted({w for w in limits.penalties for t in texts if w in t.lower()})
            if words:
                flags.append(
                    Flag(
                        rule="R16",
                        case_id=step.case_id,
                        severity=Severity.MEDIUM,
                        **explained(
                            "Closed on a penalty or order (%(words)s) with no after photo or "
                            "monitoring evidence from the responsible unit.",
                            words=", ".join(words),
                        ),
                        cited=cite(step),
                        at=step.at,
                    )
                )
    return flags
