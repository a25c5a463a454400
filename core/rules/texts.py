"""R5 copied text: plans, completion reports and public notices nearly identical to an earlier
text of another case, estimated by MinHash over 3-character shingles and found by LSH bands."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from uuid import UUID

from core.case.kinds import EventKind
from core.rules.flags import Flag, Severity, explained
from core.rules.history import Cited, Step, cite
from core.rules.thresholds import Thresholds

#: Which step carries which text.
TEXT_FIELDS = {
    EventKind.PLAN_SUBMITTED: "text",
    EventKind.COMPLETION_CLAIMED: "report",
    EventKind.PUBLIC_NOTICE_OPENED: "text",
}
_HASHES = 32
_ROWS = 4  # hashes per band: 8 bands find pairs of 0.8 similarity in 98.5% of cases
_MASKS = [zlib.crc32(f"ducha-minhash-{i}".encode()) for i in range(_HASHES)]
_SAME_UNIT = (
    "The text of %(event)s is about %(score)s the same as a text of another case, by the same unit."
)
_OTHER_UNIT = (
    "The text of %(event)s is about %(score)s the same as a text of another case, by another unit."
)
_NOISE = re.compile(r"[\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class TextRecord:
    """A text of some case, as the cross-case index keeps it."""

    case_id: UUID
    version: int
    at: datetime
    unit_id: str
    signature: tuple[int, ...]


def normalise(text: str) -> str:
    """Letters only, lower case: numbering, spacing and punctuation do not make a text new."""
    return _NOISE.sub("", text).lower()


@lru_cache(maxsize=8192)
def signature(text: str, limits: Thresholds) -> tuple[int, ...] | None:
    """The MinHash signature, or None for a text too short to compare (cached: a text is
    indexed, looked up and judged)."""
    plain = normalise(text)
    if len(plain) < limits.text_min_chars:
        return None
    shingles = {zlib.crc32(plain[i : i + 3].encode()) for i in range(len(plain) - 2)}
    return tuple(min(h ^ mask for h in shingles) for mask in _MASKS)


def bands(sig: tuple[int, ...]) -> list[str]:
    return [
        f"{i}:{'.'.join(str(v) for v in sig[i : i + _ROWS])}" for i in range(0, len(sig), _ROWS)
    ]


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def text_record(step: Step, limits: Thresholds) -> TextRecord | None:
    field = TEXT_FIELDS.get(step.kind)
    if field is None:
        return None
    sig = signature(str(step.get(field, "")), limits)
    if sig is None:
        return None
    return TextRecord(step.case_id, step.version, step.at, step.actor.unit_id, sig)


def copied_text(
    steps: Sequence[Step], others: Sequence[TextRecord], limits: Thresholds
) -> list[Flag]:
    """`others`: candidate texts of other cases (the index's matches); only earlier ones count."""
    flags = []
    for step in steps:
        record = text_record(step, limits)
        if record is None:
            continue
        earlier = sorted(
            (o for o in others if o.case_id != step.case_id and o.at < step.at),
            key=lambda o: (o.at, str(o.case_id), o.version),
        )
        for other in earlier:
            score = similarity(record.signature, other.signature)
            if score >= limits.text_similarity:
                same = other.unit_id == record.unit_id
                template = _SAME_UNIT if same else _OTHER_UNIT
                flags.append(
                    Flag(
                        rule="R5",
                        case_id=step.case_id,
                        severity=Severity.MEDIUM,
                        **explained(template, event=step.kind, score=f"{score:.0%}"),
                        cited=(Cited(other.case_id, other.version), *cite(step)),
                        at=step.at,
                    )
                )
                break
    return flags
