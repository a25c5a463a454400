"""R8 recurrence: a new complaint of the same category near the closed case's site, or about
the same enterprise, within T months of closing (销号) → propose a rebound. A proposal only:
a person decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from core.case.kinds import EventKind
from core.domain.geo import distance_m
from core.rules.flags import Flag, Severity, explained
from core.rules.history import CaseFacts, Cited, Step, cite
from core.rules.thresholds import Thresholds

#: Origins that are not a new complaint or finding about a place.
NOT_COMPLAINTS = frozenset({"measure"})


@dataclass(frozen=True)
class ComplaintRecord:
    """A newly reported case, as the cross-case index keeps it."""

    case_id: UUID
    reference: str
    at: datetime
    categories: tuple[str, ...]
    lat: float | None
    lon: float | None
    enterprise_code: str | None


def complaint_record(facts: CaseFacts, at: datetime) -> ComplaintRecord | None:
    if facts.origin in NOT_COMPLAINTS:
        return None
    return ComplaintRecord(
        facts.case_id, facts.reference, at, facts.categories, facts.lat, facts.lon,
        facts.enterprise_code,
    )  # fmt: skip


def window(limits: Thresholds) -> timedelta:
    return timedelta(days=round(limits.recurrence_months * 30.44))


_SAME_ENTERPRISE = (
    "%(reference)s, a new report of the same category about the same enterprise, came %(days)s "
    "days after this case was closed: a rebound is proposed."
)
_NEAR = (
    "%(reference)s, a new report of the same category %(metres)s m from the site, came %(days)s "
    "days after this case was closed: a rebound is proposed."
)


def _match(
    facts: CaseFacts, complaint: ComplaintRecord, limits: Thresholds
) -> tuple[str, dict[str, str]] | None:
    """What to say when the new report matches: same category, and the same enterprise or near."""
    if not set(facts.categories) & set(complaint.categories):
        return None
    if facts.enterprise_code and facts.enterprise_code == complaint.enterprise_code:
        return _SAME_ENTERPRISE, {}
    if None in (facts.lat, facts.lon, complaint.lat, complaint.lon):
        return None
    far = distance_m(facts.lat, facts.lon, complaint.lat, complaint.lon)  # type: ignore[arg-type]
    return (_NEAR, {"metres": f"{far:,.0f}"}) if far <= limits.recurrence_radius_m else None


def recurrence(
    steps: Sequence[Step],
    facts: CaseFacts,
    complaints: Sequence[ComplaintRecord],
    limits: Thresholds,
) -> list[Flag]:
    """`complaints`: candidate new cases (the index's matches) reported after a closing."""
    flags = []
    closings = [s for s in steps if s.kind in (EventKind.CLOSED, EventKind.REBOUNDED)]
    for complaint in sorted(complaints, key=lambda c: (c.at, str(c.case_id))):
        if complaint.case_id == facts.case_id:
            continue
        before = [s for s in closings if s.at < complaint.at]
        if not before or before[-1].kind != EventKind.CLOSED:
            continue
        closed = before[-1]
        if complaint.at - closed.at > window(limits):
            continue
        if any(s.kind == EventKind.REBOUNDED and s.at > closed.at for s in closings):
            continue  # the rebound was recorded: the proposal was taken up
        matched = _match(facts, complaint, limits)
        if matched is None:
            continue
        template, values = matched
        days = (complaint.at - closed.at).days
        flags.append(
            Flag(
                rule="R8",
                case_id=facts.case_id,
                severity=Severity.HIGH,
                **explained(template, reference=complaint.reference, days=days, **values),
                cited=(*cite(closed), Cited(complaint.case_id, 1)),
                at=complaint.at,
                proposal="rebound",
            )
        )
    return flags
