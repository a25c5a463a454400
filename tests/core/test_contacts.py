"""A complainant's own name, phone, e-mail and ID number are masked where they typed them into
their words, before those words enter an event."""

from __future__ import annotations

from core.domain.text import MASK
from core.service.contacts import Contact

ME = Contact(
    name="欧阳秀英",
    phone="139-1234-5678",
    email="Ouyang@Example.cn",
    id_number="11010519491231002X",
)


def test_the_complainants_own_details_are_masked_however_typed() -> None:
    text = "我是欧阳秀英，电话 139 1234 5678 或 13912345678，邮箱 ouyang@example.cn，"
    text += "11010519491231002x"
    masked = ME.masked_in(text)
    assert masked == f"我是{MASK}，电话 {MASK} 或 {MASK}，邮箱 {MASK}，{MASK}"


def test_other_words_and_other_numbers_stay() -> None:
    text = "欧阳路 139123456789 号，秀英花园"
    assert ME.masked_in(text) == text
    assert Contact(name="王").masked_in("王家大院") == "王家大院"  # one character is no name
    assert Contact().masked_in("河道黑臭") == "河道黑臭"
