"""Contact details typed into free text are masked before anything is shown to the public."""

from __future__ import annotations

import pytest

from projections.public.redaction import MASK, coarse, redact


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("请联系我 13912345678", "13912345678"),
        ("手机 +86 139 1234 5678 晚上在家", "139 1234 5678"),
        ("座机 027-87654321", "027-87654321"),
        ("邮箱 wang.xiuying@example.cn", "wang.xiuying@example.cn"),
        ("身份证 42010619900101123X", "42010619900101123X"),
        ("加微信：wx_river2026", "wx_river2026"),
    ],
)
def test_contact_details_are_masked(text: str, hidden: str) -> None:
    masked = redact(text)
    assert hidden not in masked and MASK in masked


def test_text_without_contact_details_is_left_as_it_is() -> None:
    text = "河道黑臭，夏季异味明显；交办至湖滨街道，期限 2026-12-20。"
    assert redact(text) == text


def test_coordinates_are_rounded_to_about_a_hundred_metres() -> None:
    assert coarse(30.592614) == 30.593 and coarse(None) is None
