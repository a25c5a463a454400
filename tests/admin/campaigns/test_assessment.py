"""County scorecards against figures worked out by hand."""

from __future__ import annotations

import pytest

from core.campaign.assessment import DistrictFigures, Weights, parse_weights, ranked, scorecard
from core.domain.errors import InvalidInput


def figures(district: str = "jc.donghu", **changes: object) -> DistrictFigures:
    base: dict[str, object] = {
        "district_id": district,
        "cases": 50,
        "closed": 0,
        "closed_on_time": 0,
        "verified": 4,
        "verified_first_pass": 3,
        "ever_closed": 4,
        "rebounded": 1,
        "flags": 5,
        "open_objections": 1,
        "indicator_attainment": None,
    }
    base.update(changes)
    return DistrictFigures(**base)  # type: ignore[arg-type]


def test_parts_without_data_drop_out_and_the_rest_count_in_their_place() -> None:
    card = scorecard(figures(), Weights())
    assert card.on_time_rate is None
    assert card.first_pass_rate == 0.75
    assert card.rebound_rate == 0.25
    assert card.flags_per_100 == 10.0
    # first pass 20×0.75 + rebound 15×0.75 + flags 15×(1−10/20) + objections 10×(1−1/5),
    # over the 60 weight points that have data
    assert card.score == round(100 * (15 + 11.25 + 7.5 + 8) / 60, 1) == 69.6


def test_every_part_weighted() -> None:
    full = figures(closed=4, closed_on_time=3, indicator_attainment=0.5)
    card = scorecard(full, Weights())
    # 25×0.75 + 20×0.75 + 15×0.75 + 15×0.5 + 10×0.8 + 15×0.5 = 68 of 100
    assert card.score == 18.75 + 15 + 11.25 + 7.5 + 8 + 7.5 == 68.0


def test_ranking_shares_a_rank_on_a_tie_and_puts_the_unscored_last() -> None:
    weights = Weights()
    cards = [
        scorecard(figures("jc.xishan", verified_first_pass=4), weights),
        scorecard(figures("jc.donghu"), weights),
        scorecard(figures("jc.nanhe"), weights),
        scorecard(
            figures("jc.beitang", cases=0, verified=0, ever_closed=0, flags=0),
            Weights(objections=0),
        ),
    ]
    result = ranked(cards)
    assert [(c.figures.district_id, c.rank) for c in result] == [
        ("jc.xishan", 1),
        ("jc.donghu", 2),
        ("jc.nanhe", 2),
        ("jc.beitang", 0),
    ]


def test_weights_come_from_one_setting() -> None:
    assert parse_weights("on_time=50, indicators=0").on_time == 50
    assert parse_weights("").first_pass == Weights().first_pass
    with pytest.raises(InvalidInput, match="speed"):
        parse_weights("speed=3")
    with pytest.raises(InvalidInput, match="number"):
        parse_weights("on_time=lots")
