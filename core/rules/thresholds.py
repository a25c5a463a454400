"""The rules' thresholds: configuration, not literals (each overridable, see core.settings)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

#: Minimum days from transfer to a completion claim, per category (R6); 0 means no minimum.
DEFAULT_MIN_DAYS = "water=14,soil=30,ecology=30,solid_waste=7,radiation=14"
#: EXIF `Software` values that betray an editor (R4), matched case-insensitively as substrings.
DEFAULT_EDITORS = "photoshop,gimp,lightroom,snapseed,picsart,meitu,美图,醒图,facetune"
#: Words of a penalty or an order in a closing's texts (R16).
DEFAULT_PENALTY_WORDS = "罚款,处罚,罚没,责令,立案,fine,penalty"


@dataclass(frozen=True)
class Thresholds:
    """Every number a rule compares with. Environment: DUCHA_RULE_<NAME in capitals>."""

    notice_min_working_days: int = 5  # R2: a public notice's shortest window
    backdate_max_days: int = 30  # R3: claimed date this far from the recording is suspect
    photo_phash_distance: int = 4  # R4: perceptual hashes this close (bits) are the same photo
    photo_gps_radius_m: int = 1000  # R4: a photo taken farther than this from the site
    photo_editors: str = DEFAULT_EDITORS  # R4
    text_similarity: float = 0.8  # R5: estimated Jaccard similarity of 3-character shingles
    text_min_chars: int = 30  # R5: shorter texts ("同意") are not compared
    min_days: str = DEFAULT_MIN_DAYS  # R6: category=days, comma-separated
    max_extensions: int = 1  # R7: more granted extensions than this in one round
    extension_cap_percent: int = 50  # R7: cumulative extension over this share of the period
    recurrence_radius_m: int = 500  # R8: a new complaint this near the closed case's site
    recurrence_months: int = 12  # R8: ... within this many months of closing
    burst_claims: int = 5  # R10: this many completion claims by one unit ...
    burst_window_days: int = 3  # R10: ... within this many days ...
    burst_days_before_deadline: int = 3  # R10: ... each at most this many days before its deadline
    penalty_words: str = DEFAULT_PENALTY_WORDS  # R16

    def min_days_for(self, category: str) -> int:
        return _pairs(self.min_days).get(category, 0)

    @property
    def editors(self) -> tuple[str, ...]:
        return _words(self.photo_editors)

    @property
    def penalties(self) -> tuple[str, ...]:
        return _words(self.penalty_words)


def _words(raw: str) -> tuple[str, ...]:
    return tuple(w.strip().lower() for w in raw.split(",") if w.strip())


def _pairs(raw: str) -> dict[str, int]:
    pairs = {}
    for item in _words(raw):
        name, _sep, days = item.partition("=")
        pairs[name.strip()] = int(days)
    return pairs


def thresholds_from(environ: Mapping[str, str]) -> Thresholds:
    """Thresholds with DUCHA_RULE_* overrides; ValueError naming the variable when one is bad."""
    values: dict[str, object] = {}
    for item in fields(Thresholds):
        name = f"DUCHA_RULE_{item.name.upper()}"
        raw = (environ.get(name) or "").strip()
        if not raw:
            continue
        kind = type(getattr(Thresholds, item.name))
        try:
            value: object = kind(raw)
        except ValueError:
            what = {int: "a whole number", float: "a number"}.get(kind, "text")
            raise ValueError(f"{name} must be {what}, not {raw!r}") from None
        if isinstance(value, (int, float)) and value < 0:
            raise ValueError(f"{name} cannot be negative")
        values[item.name] = value
    chosen = Thresholds(**values)  # type: ignore[arg-type]
    try:
        _pairs(chosen.min_days)
    except ValueError:
        raise ValueError(f"DUCHA_RULE_MIN_DAYS must look like 'water=14,soil=30', not "
                         f"{chosen.min_days!r}") from None  # fmt: skip
    if not 0 < chosen.text_similarity <= 1:
        raise ValueError("DUCHA_RULE_TEXT_SIMILARITY must lie above 0 and at most 1")
    return chosen
