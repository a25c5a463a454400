"""County assessment (考核评价): a scorecard per district from its figures, weighted and ranked.

Each part is turned into a 0–1 mark (higher is better), then weighted; a part with no data
(nothing closed yet, no indicator measured) drops out and the other weights count in its place.
The score recommends nothing by itself: the outcome is a person's decision, recorded as an event.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from core.domain.errors import InvalidInput


@dataclass(frozen=True)
class Weights:
    """How much each part of the scorecard counts, and where the two counts reach a zero mark."""

    on_time: float = 25
    first_pass: float = 20
    rebound: float = 15
    flags: float = 15
    objections: float = 10
    indicators: float = 15
    #: Integrity flags per 100 cases at which the flag mark reaches zero.
    flags_cap: float = 20
    #: Unresolved objections at which the objection mark reaches zero.
    objections_cap: float = 5


DEFAULT_WEIGHTS = Weights()


def parse_weights(text: str) -> Weights:
    """'on_time=25,first_pass=20,...' (any subset) -> Weights; InvalidInput names a bad part."""
    known = {f.name for f in fields(Weights)}
    values: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, raw = part.partition("=")
        name = name.strip()
        if not sep or name not in known:
            raise InvalidInput(
                "%(part)s is not one of %(known)s with =number",
                part=repr(part),
                known=", ".join(sorted(known)),
            )
        try:
            value = float(raw)
        except ValueError:
            raise InvalidInput(
                "%(name)s must be a number, not %(raw)s", name=name, raw=repr(raw.strip())
            ) from None
        if value < 0 or (name.endswith("_cap") and value == 0):
            if name.endswith("_cap"):
                raise InvalidInput("%(name)s must be above 0", name=name)
            raise InvalidInput("%(name)s must be at least 0", name=name)
        values[name] = value
    return Weights(**values)


@dataclass(frozen=True)
class DistrictFigures:
    """What the read side counts for one district."""

    district_id: str
    cases: int  # real cases (not merged or declined)
    closed: int  # closed now, with an on-time verdict
    closed_on_time: int
    verified: int  # cases verified at least once
    verified_first_pass: int  # of those, never failed a verification
    ever_closed: int
    rebounded: int
    flags: int
    open_objections: int
    indicator_attainment: float | None  # share of binding indicators met


@dataclass(frozen=True)
class Scorecard:
    figures: DistrictFigures
    on_time_rate: float | None
    first_pass_rate: float | None
    rebound_rate: float | None
    flags_per_100: float | None
    score: float | None
    rank: int = 0


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def scorecard(figures: DistrictFigures, weights: Weights) -> Scorecard:
    on_time = _ratio(figures.closed_on_time, figures.closed)
    first_pass = _ratio(figures.verified_first_pass, figures.verified)
    rebound = _ratio(figures.rebounded, figures.ever_closed)
    per_100 = None if figures.cases == 0 else 100 * figures.flags / figures.cases
    marks: list[tuple[float, float | None]] = [
        (weights.on_time, on_time),
        (weights.first_pass, first_pass),
        (weights.rebound, None if rebound is None else 1 - rebound),
        (weights.flags, None if per_100 is None else max(0.0, 1 - per_100 / weights.flags_cap)),
        (weights.objections, max(0.0, 1 - figures.open_objections / weights.objections_cap)),
        (weights.indicators, figures.indicator_attainment),
    ]
    counted = [(w, m) for w, m in marks if m is not None and w > 0]
    total = sum(w for w, _m in counted)
    score = None if total == 0 else round(100 * sum(w * m for w, m in counted) / total, 1)
    return Scorecard(figures, on_time, first_pass, rebound, per_100, score)


def ranked(cards: list[Scorecard]) -> list[Scorecard]:
    """Best score first (ties share a rank; districts without a score come last, unranked)."""
    scored = sorted(
        (c for c in cards if c.score is not None),
        key=lambda c: (-(c.score or 0), c.figures.district_id),
    )
    result: list[Scorecard] = []
    for position, card in enumerate(scored, start=1):
        same = result and result[-1].score == card.score
        rank = result[-1].rank if same else position
        result.append(Scorecard(**{**card.__dict__, "rank": rank}))
    return result + [c for c in cards if c.score is None]
