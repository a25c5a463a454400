"""Finding the next free number of a gap-free series, from any hint."""

from __future__ import annotations

from datetime import date

import pytest

from core.case.references import case_id_for, next_free, reference, series_for
from core.domain.values import Origin


@pytest.mark.parametrize("used", [0, 1, 2, 7, 8, 9, 100, 1023, 1024])
@pytest.mark.parametrize("hint", [0, 1, 5, 64])
def test_next_free_finds_the_first_gap_from_any_stale_hint(used: int, hint: int) -> None:
    looked: list[int] = []

    def taken(number: int) -> bool:
        looked.append(number)
        return number <= used

    assert next_free(taken, min(hint, used)) == used + 1
    assert len(looked) <= 2 * max(used, 1).bit_length() + 2  # logarithmic, not a scan


def test_series_are_daily_for_complaints_and_yearly_for_inspection_items() -> None:
    day = date(2026, 11, 26)
    assert reference(series_for(Origin.RESIDENT_COMPLAINT, day), 7) == "GZ-20261126-0007"
    assert reference(series_for(Origin.CENTRAL_FEEDBACK, day), 12) == "ZY-FK-2026-0012"
    assert case_id_for("GZ-20261126-0007") != case_id_for("GZ-20261126-0008")
