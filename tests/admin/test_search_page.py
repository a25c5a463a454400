"""The officials' case search (/admin/cases): jurisdiction, filters, sorting, paging, refusals,
the export, the navigation's search box, and the staff API's list answering the same query."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import Engine

from admin.lists.exporting import HEADER
from admin.lists.sheets import read_table
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from stores.api_keys import create_key
from stores.staff import create_account
from tests.admin.casework import (
    Sync,
    browser_for,
    officials,  # noqa: F401
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.admin.conftest import NOW, PASSWORD, Browser
from tests.helpers import INTAKE, OFFICE, RESIDENT, report

_ROW = re.compile(r'<tr data-reference="([^"]+)">(.*?)</tr>', re.S)
XISHAN = Place("jc.xishan", "jc.xishan.fenghuang", "凤凰路 3 号")


def listed(browser: Browser, query: str = "", status: int = 200) -> dict[str, str]:
    response = browser.get(f"/admin/cases?{query}")
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return dict(_ROW.findall(response.get_data(as_text=True)))


@pytest.fixture
def world(ducha: Ducha, site: Flask, sync: Sync) -> dict[str, str]:  # noqa: F811
    """Three Donghu cases and one in Xishan, of different words, categories and statuses."""
    black = report(ducha, title="城东河道黑臭").reference
    dust = ducha.report(
        OFFICE, origin=Origin.CENTRAL_FEEDBACK, title="工地扬尘", description="河道旁堆土未覆盖",
        categories=[Category.AIR], place=Place("jc.donghu", "jc.donghu.guanshan", "关山路 1 号"),
        external_ref="ZY-2026-017",
    )  # fmt: skip
    moved = ducha.report(
        RESIDENT, origin=Origin.RESIDENT_COMPLAINT, title="管网渗漏", description="路面积水",
        categories=[Category.WATER], place=Place("jc.donghu", None, "东湖路 9 号"),
    )  # fmt: skip
    ducha.accept(INTAKE, moved.case_id)
    ducha.transfer(OFFICE, moved.case_id, "jc.swj", date(2027, 6, 30))
    west = ducha.report(
        OFFICE, origin=Origin.SELF_FOUND, title="西山河道黑臭", description="述",
        categories=[Category.WATER], place=XISHAN,
    )  # fmt: skip
    sync()
    return {
        "black": black,
        "dust": dust.reference,
        "moved": moved.reference,
        "west": west.reference,
    }


def test_officials_search_their_jurisdiction_and_auditors_every_case(
    site: Flask,  # noqa: F811
    world: dict[str, str],
) -> None:
    donghu = {world["black"], world["dust"], world["moved"]}
    assert set(listed(browser_for(site, "li"))) == donghu  # intake on Donghu
    assert set(listed(browser_for(site, "xu"))) == {world["west"]}  # intake on Xishan
    assert set(listed(browser_for(site, "sun"))) == {*donghu, world["west"]}  # the auditor
    assert set(listed(browser_for(site, "zhao"))) == set()  # unit Hubin: nothing transferred


def test_the_rows_read_in_chinese_and_link_to_the_case_page(
    site: Flask,  # noqa: F811
    world: dict[str, str],
) -> None:
    browser = browser_for(site, "wang", lang="zh")
    rows = listed(browser, "q=扬尘")
    assert set(rows) == {world["dust"]}
    row = rows[world["dust"]]
    assert f'href="/admin/cases/{world["dust"]}"' in row
    for shown in ("东湖区 · 关山街道", "大气", "中央督察反馈问题", "ZY-2026-017"):
        assert shown in row
    assert "jc.donghu" not in row and "central_feedback" not in row
    page = browser.get("/admin/cases").get_data(as_text=True)
    assert "搜索案件" in page and '<optgroup label="东湖区">' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=黑臭", {"black", "west"}),
        ("q=河道", {"black", "dust", "west"}),
        ("q=河道+黑臭&district=jc.xishan", {"west"}),
        ("reference={dust}", {"dust"}),
        ("external_ref=zy-2026", {"dust"}),
        ("q=ZY-2026-017", {"dust"}),
        ("township=jc.donghu.guanshan", {"dust"}),
        ("unit=jc.swj", {"moved"}),
        ("category=air", {"dust"}),
        ("origin=self_found", {"west"}),
        ("status=transferred", {"moved"}),
        ("overdue=yes", {"black"}),  # reported on the test clock's day, not accepted since
        ("overdue=no&flagged=no&district=jc.donghu", {"dust", "moved"}),
        ("reported_from=2000-01-01&reported_to=2000-12-31", set()),
        ("reported_from=2000-01-01&q=&district=", {"black", "dust", "moved", "west"}),
    ],
)
def test_each_filter(
    site: Flask,  # noqa: F811
    world: dict[str, str],
    query: str,
    expected: set[str],
) -> None:
    browser = browser_for(site, "wang")
    assert set(listed(browser, query.format(**world))) == {world[k] for k in expected}


def test_sorting_and_paging(site: Flask, world: dict[str, str]) -> None:  # noqa: F811
    browser = browser_for(site, "wang")
    by_reference = sorted(world.values())
    assert list(listed(browser, "sort=reference&order=asc")) == by_reference
    assert list(listed(browser, "sort=reference&order=desc")) == by_reference[::-1]
    first = browser.get("/admin/cases?sort=reference&order=asc&page_size=3").get_data(as_text=True)
    assert list(dict(_ROW.findall(first))) == by_reference[:3]
    following = re.search(r'rel="next" href="([^"]+)"', first)
    assert following and "page=2" in following.group(1) and "page_size=3" in following.group(1)
    second = listed(browser, "sort=reference&order=asc&page_size=3&page=2")
    assert list(second) == by_reference[3:]
    assert 'data-sort="deadline"' in first


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("reported_from=2026-02-30", "登记日期（起）"),
        ("reported_from=2026-03-01&reported_to=2026-02-01", "早于"),
        ("district=jc.mars", "没有区县"),
        ("status=asleep", "状态"),
        ("page=0", "页码"),
        ("page=99", "没有第 99 页"),
        ("page_size=100000", "每页条数"),
    ],
)
def test_bad_input_is_400_with_a_chinese_message(
    site: Flask,  # noqa: F811
    world: dict[str, str],
    query: str,
    message: str,
) -> None:
    browser = browser_for(site, "wang", lang="zh")
    response = browser.get(f"/admin/cases?{query}")
    assert response.status_code == 400
    shown = re.search(r'id="search-message">([^<]+)<', response.get_data(as_text=True))
    assert shown and message in shown.group(1), shown and shown.group(1)


def test_a_control_character_in_the_words_is_refused_before_the_search(
    site: Flask,  # noqa: F811
    world: dict[str, str],
) -> None:
    browser = browser_for(site, "wang", lang="zh")
    response = browser.get("/admin/cases?q=%01")
    assert response.status_code == 400
    assert "控制字符" in response.get_data(as_text=True)


def test_anonymous_visitors_log_in_and_officials_without_a_role_are_refused(
    site: Flask,  # noqa: F811
    engine: Engine,
) -> None:
    anonymous = site.test_client().get("/admin/cases")
    assert anonymous.status_code == 302 and "/admin/login" in anonymous.location
    create_account(engine, "nobody", "无角色", PASSWORD, NOW)
    browser = Browser(site.test_client())
    browser.log_in("nobody")
    assert browser.get("/admin/cases").status_code == 403
    assert browser.get("/admin/cases.csv").status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_the_searchs_rows_in_its_order(
    site: Flask,  # noqa: F811
    world: dict[str, str],
    fmt: str,
) -> None:
    browser = browser_for(site, "li")  # intake on Donghu: the Xishan case is not theirs
    page = browser.get("/admin/cases?q=河道&sort=reference&order=desc").get_data(as_text=True)
    link = re.search(rf'href="(/admin/cases\.{fmt}\?[^"]+)"', page)
    assert link
    response = browser.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    table = read_table(io.BytesIO(response.data), fmt)
    assert table.header == HEADER
    assert [cells[0] for _, cells in table.rows] == sorted([world["black"], world["dust"]])[::-1]
    assert browser.get(f"/admin/cases.{fmt}?district=jc.mars").status_code == 400


def test_every_page_has_the_search_box(site: Flask, world: dict[str, str]) -> None:  # noqa: F811
    browser = browser_for(site, "li", lang="zh")
    for url in ("/admin/", f"/admin/cases/{world['black']}", "/admin/queues/new_complaints"):
        html = browser.get(url).get_data(as_text=True)
        assert 'role="search"' in html and 'action="/admin/cases"' in html and 'name="q"' in html


def test_the_staff_api_answers_the_same_query(
    site: Flask,  # noqa: F811
    engine: Engine,
    world: dict[str, str],
) -> None:
    key = create_key(engine, "wang-key", NOW, username="wang", rate_limit="1000 per minute")
    client = site.test_client()
    headers = {"Authorization": f"Bearer {key}"}
    query = "q=河道&category=water&sort=reference&order=asc&flagged=false"
    body = client.get(f"/api/v1/cases?{query}", headers=headers).get_json()
    api = [row["reference"] for row in body["items"]]
    assert (
        api
        == list(listed(browser_for(site, "wang"), query))
        == sorted([world["black"], world["west"]])
    )
    for bad in ("reported_to=yesterday", "page=9", "sort=colour", "township=jc.donghu", "x=1"):
        response = client.get(f"/api/v1/cases?{bad}", headers=headers)
        assert response.status_code == 400 and response.get_json()["code"] == "invalid_input"
