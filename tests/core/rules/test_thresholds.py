"""Thresholds come from DUCHA_RULE_* settings; a bad one stops the start, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.rules.thresholds import Thresholds, thresholds_from
from core.settings import SettingsError, load_settings


def test_defaults_and_overrides() -> None:
    chosen = thresholds_from(
        {"DUCHA_RULE_TEXT_SIMILARITY": "0.7", "DUCHA_RULE_MIN_DAYS": "noise=2"}
    )
    assert chosen.text_similarity == 0.7 and chosen.min_days_for("noise") == 2
    assert chosen.min_days_for("water") == 0 and Thresholds().min_days_for("water") == 14


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DUCHA_RULE_MAX_EXTENSIONS", "two", "DUCHA_RULE_MAX_EXTENSIONS must be a whole number"),
        ("DUCHA_RULE_RECURRENCE_RADIUS_M", "-5", "cannot be negative"),
        ("DUCHA_RULE_MIN_DAYS", "water:14", "DUCHA_RULE_MIN_DAYS must look like"),
        ("DUCHA_RULE_TEXT_SIMILARITY", "1.5", "must lie above 0 and at most 1"),
    ],
)
def test_a_bad_threshold_stops_the_start(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings({"DUCHA_DATA_DIR": str(tmp_path), name: value})
