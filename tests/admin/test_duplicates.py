"""Possible duplicates for the intake desk: on the new-complaints queue and on a new complaint's
page; only open cases of a shared category in the same township, nearby or at the same
enterprise."""

from __future__ import annotations

import re

from flask import Flask

from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from tests.admin.casework import browser_for, officials, site, sync  # noqa: F401
from tests.admin.casework import page as case_page
from tests.helpers import INTAKE, RESIDENT

_DUPLICATES = re.compile(r'data-duplicates-of="([^"]+)">(.*?)</tr>', re.S)
HUBIN = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号排口", 30.5800, 114.3000)
#: About 300 m from HUBIN, across the township boundary.
NEXT_DOOR = Place("jc.donghu", "jc.donghu.guanshan", "关山路口", 30.5827, 114.3000)
#: About 3 km away in another township of the same district.
FAR = Place("jc.donghu", "jc.donghu.liyuan", "梨园广场", 30.6070, 114.3000)


def complain(ducha: Ducha, place: Place, *categories: Category, title: str = "排口排黑水") -> str:
    receipt = ducha.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title=title,
        description="夜里排黑水，湖边发臭。",
        categories=list(categories) or [Category.WATER],
        place=place,
    )
    return receipt.reference


def suggested(html: str) -> dict[str, set[str]]:
    """Complaint reference -> the references suggested as its duplicates on the queue page."""
    return {
        ref: set(re.findall(r'data-duplicate="([^"]+)"', row))
        for ref, row in _DUPLICATES.findall(html)
    }


def test_the_queue_suggests_open_cases_of_the_same_kind_in_the_same_place(
    ducha: Ducha,
    engine: object,
    officials: None,  # noqa: F811
    sync: object,  # noqa: F811
    web: Flask,
) -> None:
    first = complain(ducha, HUBIN)
    second = complain(ducha, HUBIN, title="湖边发臭")
    nearby = complain(ducha, NEXT_DOOR)
    no_point = complain(ducha, Place("jc.donghu", "jc.donghu.hubin", "湖滨路"))
    noise = complain(ducha, HUBIN, Category.NOISE, title="工地夜间施工")
    far = complain(ducha, FAR)
    declined = complain(ducha, HUBIN, title="重复举报")
    ducha.decline(INTAKE, ducha.get_by_reference(declined).id, "重复", "")
    sync()  # type: ignore[operator]

    html = browser_for(web, "li").get("/admin/queues/new_complaints").get_data(as_text=True)
    found = suggested(html)
    assert found[first] == {second, nearby, no_point}
    assert found[nearby] == {first, second}  # within 500 m, though in the next township
    assert found[no_point] == {first, second}  # no coordinates: the township decides
    assert "within 3" in html  # the nearby match names its distance (about 300 m)
    assert noise not in found and far not in found  # another category; another place
    assert declined not in set().union(*found.values())  # nothing merges into a declined case


def test_a_new_complaints_page_lists_its_possible_duplicates_until_accepted(
    ducha: Ducha,
    site: Flask,  # noqa: F811
    sync: object,  # noqa: F811
) -> None:
    first = complain(ducha, HUBIN)
    second = complain(ducha, HUBIN, title="湖边发臭")
    sync()  # type: ignore[operator]
    browser = browser_for(site, "li")
    html = case_page(browser, second)
    assert f'data-duplicate="{first}"' in html and "within 0 m" in html
    ducha.accept(INTAKE, ducha.get_by_reference(second).id)
    sync()  # type: ignore[operator]
    assert "data-duplicate=" not in case_page(browser, second)
