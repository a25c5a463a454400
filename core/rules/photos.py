"""R4 photo integrity: an "after" photo equal (SHA-256) or near-equal (perceptual hash) to a
"before" photo of the case or to an earlier photo of another case; EXIF missing or written by an
editor; GPS far from the site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from core.domain.geo import distance_m
from core.rules.flags import Flag, Severity, explained
from core.rules.history import CaseFacts, Cited, Step, cite, is_photo
from core.rules.thresholds import Thresholds

_BITS = 64


@dataclass(frozen=True)
class PhotoRecord:
    """A photo of some case, as the cross-case index keeps it."""

    case_id: UUID
    version: int
    at: datetime
    sha256: str
    phash: str | None


def phash_of(step: Step) -> str | None:
    value = (step.get("metadata") or {}).get("perceptual_hash")
    return str(value) if value else None


def photo_record(step: Step) -> PhotoRecord:
    return PhotoRecord(step.case_id, step.version, step.at, str(step.get("sha256")), phash_of(step))


def phash_bands(phash: str | None, max_distance: int) -> list[str]:
    """Index keys: hashes within `max_distance` bits share at least one (pigeonhole)."""
    if not phash:
        return []
    try:
        value = int(phash, 16)
    except ValueError:
        return []
    count = min(_BITS, max_distance + 1)
    width = _BITS // count
    mask = (1 << width) - 1
    return [f"{i}:{(value >> (i * width)) & mask:x}" for i in range(count)]


def distance(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return bin(int(a, 16) ^ int(b, 16)).count("1")
    except ValueError:
        return None


#: (how, whose) -> what to say: the same file or a near-identical image; of this case or not.
_REUSE = {
    ("sha", "before"): "An after photo is the same file (SHA-256) as a before photo of the case.",
    ("sha", "other"): "An after photo is the same file (SHA-256) as a photo of another case.",
    ("phash", "before"): (
        "An after photo is a near-identical image (%(bits)s bits apart) to a before photo of the "
        "case."
    ),
    ("phash", "other"): (
        "An after photo is a near-identical image (%(bits)s bits apart) to a photo of another case."
    ),
}


def _same(a: PhotoRecord, b: PhotoRecord, limits: Thresholds) -> tuple[str, int] | None:
    """("sha", 0) for the same file, ("phash", bits) for a near-identical image, else None."""
    if a.sha256 == b.sha256:
        return ("sha", 0)
    bits = distance(a.phash, b.phash)
    if bits is not None and bits <= limits.photo_phash_distance:
        return ("phash", bits)
    return None


def _reused(how: tuple[str, int], whose: str) -> dict[str, Any]:
    template = _REUSE[(how[0], whose)]
    return explained(template, bits=how[1]) if how[0] == "phash" else explained(template)


def photo_integrity(
    steps: Sequence[Step],
    facts: CaseFacts,
    others: Sequence[PhotoRecord],
    limits: Thresholds,
) -> list[Flag]:
    """`others`: candidate photos of other cases (the index's matches); only earlier ones count."""
    flags: list[Flag] = []
    befores: list[PhotoRecord] = []
    for step in steps:
        if not is_photo(step):
            continue
        record = photo_record(step)
        if step.get("kind") != "after":
            befores.append(record)
            continue
        flags.extend(_reuse(step, record, befores, others, limits))
        flags.extend(_metadata(step, facts, limits))
    return flags


def _reuse(
    step: Step,
    record: PhotoRecord,
    befores: Sequence[PhotoRecord],
    others: Sequence[PhotoRecord],
    limits: Thresholds,
) -> list[Flag]:
    for before in befores:
        how = _same(record, before, limits)
        if how:
            text = _reused(how, "before")
            return [_flag(step, Severity.HIGH, text, Cited(before.case_id, before.version))]
    earlier = sorted(
        (o for o in others if o.case_id != step.case_id and o.at < step.at),
        key=lambda o: (o.at, str(o.case_id), o.version),
    )
    for other in earlier:
        how = _same(record, other, limits)
        if how:
            text = _reused(how, "other")
            return [_flag(step, Severity.HIGH, text, Cited(other.case_id, other.version))]
    return []


def _metadata(step: Step, facts: CaseFacts, limits: Thresholds) -> list[Flag]:
    meta = step.get("metadata") or {}
    flags = []
    software = str(meta.get("software") or "").lower()
    if meta.get("has_exif") is False:
        text = explained("An after photo carries no EXIF data.")
        flags.append(_flag(step, Severity.LOW, text, aspect="exif"))
    elif software and any(editor in software for editor in limits.editors):
        text = explained(
            "An after photo was written by an image editor (%(software)s).",
            software=meta.get("software"),
        )
        flags.append(_flag(step, Severity.MEDIUM, text, aspect="exif"))
    lat, lon = meta.get("gps_lat"), meta.get("gps_lon")
    if None not in (lat, lon, facts.lat, facts.lon):
        far = distance_m(float(lat), float(lon), float(facts.lat), float(facts.lon))  # type: ignore[arg-type]
        if far > limits.photo_gps_radius_m:
            text = explained(
                "An after photo was taken %(metres)s m from the site.", metres=f"{far:,.0f}"
            )
            flags.append(_flag(step, Severity.MEDIUM, text, aspect="gps"))
    return flags


def _flag(
    step: Step,
    severity: Severity,
    text: dict[str, Any],
    other: Cited | None = None,
    aspect: str = "",
) -> Flag:
    cited = (other, *cite(step)) if other is not None else cite(step)
    return Flag("R4", step.case_id, severity, cited=cited, at=step.at, aspect=aspect, **text)
