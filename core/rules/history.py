"""A case's history as plain steps, and the facts about the case the rules share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from core.case.kinds import EventKind, kind_of
from core.domain.roles import Actor

_BASE = frozenset(
    {"originator_id", "originator_version", "timestamp", "actor", "effective_date",
     "originator_topic"}
)  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One recorded event: which case and version, what, when recorded, by whom, what it says."""

    case_id: UUID
    version: int
    kind: EventKind
    at: datetime
    actor: Actor
    effective_date: date | None = None
    data: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


@dataclass(frozen=True)
class Cited:
    """An event a flag cites: its case and version."""

    case_id: UUID
    version: int


def cite(*steps: Step) -> tuple[Cited, ...]:
    return tuple(Cited(s.case_id, s.version) for s in steps)


def step_of(event: Any) -> Step:
    """The step of a stored Case event; its kind comes from the event class (core.case.kinds)."""
    data = {k: v for k, v in vars(event).items() if k not in _BASE}
    return Step(
        case_id=event.originator_id,
        version=event.originator_version,
        kind=kind_of(event),
        at=event.timestamp,
        actor=event.actor,
        effective_date=getattr(event, "effective_date", None),
        data=data,
    )


def steps_of(events: Iterable[Any]) -> list[Step]:
    return [step_of(e) for e in events]


def rounds(steps: Sequence[Step]) -> list[list[Step]]:
    """The steps split at each rebound (反弹): one list per round of rectification."""
    split: list[list[Step]] = [[]]
    for step in steps:
        if step.kind == EventKind.REBOUNDED:
            split.append([])
        split[-1].append(step)
    return split


def is_photo(step: Step) -> bool:
    image = str(step.get("media_type", "")).startswith("image/")
    return step.kind == EventKind.EVIDENCE_ATTACHED and image


@dataclass(frozen=True)
class CaseFacts:
    """What the rules and the flag rows need to know of a case besides its steps."""

    case_id: UUID
    reference: str
    origin: str
    district_id: str
    unit_id: str | None
    categories: tuple[str, ...]
    lat: float | None
    lon: float | None
    enterprise_code: str | None


def facts_of(steps: Sequence[Step]) -> CaseFacts:
    """Facts from the report, and the unit the case was last transferred to."""
    first = steps[0]
    place = first.get("place")
    unit = None
    for step in steps:
        if step.kind == EventKind.TRANSFERRED:
            unit = str(step.get("unit_id"))
    return CaseFacts(
        case_id=first.case_id,
        reference=str(first.get("reference", "")),
        origin=str(first.get("origin", "")),
        district_id=getattr(place, "district_id", ""),
        unit_id=unit,
        categories=tuple(sorted(str(c) for c in first.get("categories", []))),
        lat=getattr(place, "lat", None),
        lon=getattr(place, "lon", None),
        enterprise_code=getattr(place, "enterprise_credit_code", None),
    )
