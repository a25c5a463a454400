"""No text that enters a command may hold a control character (besides tab and line breaks) or
a lone surrogate, whichever field carries it: PostgreSQL cannot store a NUL, and an event is
forever."""

from __future__ import annotations

from typing import Any

import pytest

from core.domain.errors import InvalidInput
from core.domain.text import is_storable, unstorable_field
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from tests.helpers import RESIDENT

NUL = "\x00"


def test_tab_and_line_breaks_are_text_other_controls_are_not() -> None:
    assert is_storable("一行\r\n二行\t三")
    assert not any(is_storable(f"a{c}b") for c in (NUL, "\x07", "\x0b", "\x1f", "\udfff"))
    assert unstorable_field({"title": "ok", "place": {"address": ["x", f"y{NUL}"]}}) == "place"
    assert unstorable_field({"title": "ok", "n": 3}) is None


@pytest.mark.parametrize("bad", [NUL, "\x1b", "\x0b", "\ud800"])
def test_the_domain_refuses_a_control_character_in_any_text(ducha: Ducha, bad: str) -> None:
    def reported(**overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "origin": Origin.RESIDENT_COMPLAINT,
            "title": "河道黑臭",
            "description": "河道黑臭，夏季异味明显。",
            "categories": [Category.WATER],
            "place": Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号"),
        }
        return ducha.report(RESIDENT, **{**fields, **overrides})

    with pytest.raises(InvalidInput, match="control character"):
        reported(description=f"河道{bad}黑臭")
    with pytest.raises(InvalidInput, match="control character"):
        Place("jc.donghu", None, f"湖滨路{bad}18 号")
    with pytest.raises(InvalidInput, match="control character"):
        reported(external_ref=f"X{bad}1")  # no check of its own: the store refuses it
    assert (ducha.recorder.max_notification_id() or 0) == 0
