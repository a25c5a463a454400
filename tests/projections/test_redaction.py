"""Contact details typed into free text are masked before anything is shown to the public."""

from __future__ import annotations

import pytest

from projections.public.redaction import (
    HEADLINE_LENGTH,
    MASK,
    coarse,
    headline,
    public_title,
    redact,
)


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


def test_a_headline_is_masked_before_it_is_cut() -> None:
    line = "河水发黑发臭" * 8 + "，请发邮件到 ouyang.typed@example.cn"
    title = headline(line + "\n第二行")
    assert "ouyang" not in title and title.endswith(MASK)
    assert headline("短标题\n第二行") == "短标题"


def test_a_title_cut_before_masking_is_made_again_from_its_description() -> None:
    line = "河水发黑发臭" * 8 + "，请发邮件到 ouyang.typed@example.cn"
    cut_first = line[:HEADLINE_LENGTH] + "…"  # as reports were titled before
    assert "ouyang" not in public_title(cut_first, line)
    assert public_title("电话 13800001111 的工地", line) == f"电话 {MASK} 的工地"
    assert public_title("河道黑臭", "河道黑臭，夏季异味明显。") == "河道黑臭"
