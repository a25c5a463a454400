"""R6 implausible speed (completion claimed sooner after the transfer than the category's
minimum) and R10 bursts (a unit claiming many completions within days, each just before its
deadline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from uuid import UUID

from core.case.kinds import EventKind
from core.rules.flags import Flag, Severity, explained
from core.rules.history import CaseFacts, Cited, Step, cite
from core.rules.thresholds import Thresholds

_SETS_DEADLINE = frozenset(
    {
        EventKind.ACCEPTED,
        EventKind.TRANSFERRED,
        EventKind.EXTENSION_GRANTED,
        EventKind.VERIFICATION_FAILED,
    }
)


@dataclass(frozen=True)
class ClaimRecord:
    """A completion claim of some case, as the cross-case index keeps it."""

    case_id: UUID
    version: int
    at: datetime
    unit_id: str


def implausible_speed(steps: Sequence[Step], facts: CaseFacts, limits: Thresholds) -> list[Flag]:
    minimum = max((limits.min_days_for(c) for c in facts.categories), default=0)
    if minimum <= 0:
        return []
    flags = []
    transfer: Step | None = None
    for step in steps:
        if step.kind == EventKind.TRANSFERRED:
            transfer = step
        elif step.kind == EventKind.COMPLETION_CLAIMED and transfer is not None:
            days = (step.at - transfer.at).total_seconds() / 86_400
            if days < minimum:
                flags.append(
                    Flag(
                        rule="R6",
                        case_id=step.case_id,
                        severity=Severity.MEDIUM,
                        **explained(
                            "Completion was claimed %(days)s days after the transfer; work of "
                            "these categories (%(categories)s) takes at least %(minimum)s days.",
                            days=f"{days:.1f}",
                            categories=", ".join(facts.categories),
                            minimum=minimum,
                        ),
                        cited=cite(transfer, step),
                        at=step.at,
                    )
                )
            transfer = None  # one claim per transfer is judged
    return flags


def claim_records(steps: Sequence[Step]) -> list[ClaimRecord]:
    return [
        ClaimRecord(s.case_id, s.version, s.at, s.actor.unit_id)
        for s in steps
        if s.kind == EventKind.COMPLETION_CLAIMED
    ]


def rushed_claims(
    steps: Sequence[Step], limits: Thresholds, zone: tzinfo, inspections: Sequence[date] = ()
) -> list[Step]:
    """Completion claims made at most `burst_days_before_deadline` days before the deadline in
    force (or before an inspection): the only ones a burst can count against."""
    rushed = []
    deadline: date | None = None
    for step in steps:
        if step.kind in _SETS_DEADLINE and step.get("deadline") is not None:
            deadline = step.get("deadline")
        if step.kind != EventKind.COMPLETION_CLAIMED:
            continue
        day = step.at.astimezone(zone).date()
        cutoffs = [d for d in (deadline, *inspections) if d is not None]
        if any(0 <= (d - day).days <= limits.burst_days_before_deadline for d in cutoffs):
            rushed.append(step)
    return rushed


def claim_bursts(
    steps: Sequence[Step],
    unit_claims: Sequence[ClaimRecord],
    limits: Thresholds,
    zone: tzinfo,
    inspections: Sequence[date] = (),
) -> list[Flag]:
    """`unit_claims`: claims of the same units (any case); those in the window before count."""
    flags = []
    window = timedelta(days=limits.burst_window_days)
    for step in rushed_claims(steps, limits, zone, inspections):
        burst = [
            c
            for c in unit_claims
            if c.unit_id == step.actor.unit_id
            and step.at - window <= c.at <= step.at
            and (c.case_id, c.version) != (step.case_id, step.version)
        ]
        if len(burst) + 1 >= limits.burst_claims:
            burst.sort(key=lambda c: (c.at, str(c.case_id)))
            flags.append(
                Flag(
                    rule="R10",
                    case_id=step.case_id,
                    severity=Severity.MEDIUM,
                    **explained(
                        "%(unit)s claimed %(count)s completions within %(window)s days, this "
                        "one days before a deadline or an inspection.",
                        unit=step.actor.unit_id,
                        count=len(burst) + 1,
                        window=limits.burst_window_days,
                    ),
                    cited=(*(Cited(c.case_id, c.version) for c in burst[:3]), *cite(step)),
                    at=step.at,
                )
            )
    return flags
