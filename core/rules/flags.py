"""A flag: one rule's hit on one case, for a human to review. Rules never act on a case."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from core.rules.history import Cited


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


#: Rule id -> its short name (English; the web layer translates).
RULES: dict[str, str] = {
    "R1": "separation of duties",
    "R2": "closing out of order",
    "R3": "backdating",
    "R4": "photo reuse or editing",
    "R5": "copied text",
    "R6": "implausible speed",
    "R7": "extension abuse",
    "R8": "recurrence after closing",
    "R9": "monitoring contradicts the closing",
    "R10": "burst of completion claims",
    "R11": "verdict contradicted",
    "R16": "penalty-only closure",
}


@dataclass(frozen=True)
class Flag:
    """A rule's hit: `at` is when the step that raised it was recorded; `proposal` marks a
    suggested action (R8's rebound), never taken automatically."""

    rule: str
    case_id: UUID
    severity: Severity
    explanation: str
    cited: tuple[Cited, ...]
    at: datetime
    proposal: str | None = None
    aspect: str = ""  # tells apart two findings of one rule on the same events
    template: str = ""  # the explanation's English template (pages translate it) ...
    values: tuple[tuple[str, str], ...] = ()  # ... and the values it names

    @property
    def flag_id(self) -> str:
        """Stable across re-evaluations and rebuilds: the rule, the case and what it cites."""
        cited = ",".join(f"{c.case_id}:{c.version}" for c in self.cited)
        key = f"{self.rule}|{self.case_id}|{cited}|{self.aspect}"
        return hashlib.sha256(key.encode()).hexdigest()[:24]


#: Values whose name ends so hold "; "-separated phrases, each a template of its own.
PHRASES = "_phrases"


def explained(template: str, **values: object) -> dict[str, Any]:
    """A Flag's explanation as keyword arguments: the English text, its template, its values
    (each a string: numbers and dates formatted here, once)."""
    pairs = tuple((name, str(value)) for name, value in values.items())
    return {"explanation": template % dict(pairs), "template": template, "values": pairs}
