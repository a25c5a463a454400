"""Every rule over one case: its steps, what it needs of the other cases, the setting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from zoneinfo import ZoneInfo

from core.domain.orgunits import OrgTree
from core.rules.dates import backdating
from core.rules.duties import separation_of_duties
from core.rules.extensions import extension_abuse
from core.rules.flags import Flag
from core.rules.history import Step, facts_of
from core.rules.monitoring import Reading, monitoring_contradiction
from core.rules.penalty import penalty_only
from core.rules.photos import PhotoRecord, photo_integrity
from core.rules.recurrence import ComplaintRecord, recurrence
from core.rules.sequence import closing_order
from core.rules.speed import ClaimRecord, claim_bursts, implausible_speed
from core.rules.texts import TextRecord, copied_text
from core.rules.thresholds import Thresholds
from core.rules.verdicts import verdict_contradicted


@dataclass(frozen=True)
class Setting:
    """What every evaluation shares: thresholds, the org tree, the city's zone, the inspection
    calendar (start dates of inspection stays, for R10)."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    tree: OrgTree = field(default_factory=OrgTree.default)
    zone: tzinfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    inspections: tuple[date, ...] = ()


@dataclass(frozen=True)
class Neighbours:
    """What one case's evaluation needs of the rest: candidates the indexes found."""

    photos: Sequence[PhotoRecord] = ()
    texts: Sequence[TextRecord] = ()
    complaints: Sequence[ComplaintRecord] = ()
    claims: Sequence[ClaimRecord] = ()
    readings: Sequence[Reading] = ()


def evaluate(steps: Sequence[Step], neighbours: Neighbours, setting: Setting) -> list[Flag]:
    """Every flag of the case, in the order they were raised; each flag once."""
    if not steps:
        return []
    limits, zone = setting.thresholds, setting.zone
    facts = facts_of(steps)
    found = [
        *separation_of_duties(steps, setting.tree),
        *closing_order(steps, limits),
        *backdating(steps, limits, zone),
        *photo_integrity(steps, facts, neighbours.photos, limits),
        *copied_text(steps, neighbours.texts, limits),
        *implausible_speed(steps, facts, limits),
        *extension_abuse(steps, limits, zone),
        *recurrence(steps, facts, neighbours.complaints, limits),
        *monitoring_contradiction(steps, neighbours.readings),
        *claim_bursts(steps, neighbours.claims, limits, zone, setting.inspections),
        *verdict_contradicted(steps),
        *penalty_only(steps, limits),
    ]
    unique = {f.flag_id: f for f in found}
    return sorted(unique.values(), key=lambda f: (f.at, f.rule, f.flag_id))
