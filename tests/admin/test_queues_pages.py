"""The work-queue pages: jurisdiction, counts in the navigation, paging, filters and the export."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import Engine

from admin.lists.exporting import HEADER
from admin.lists.sheets import read_table
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from projections.cases.queues import queue_counts
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections, create_projections
from stores.staff import create_account, grant
from tests.admin.conftest import NOW, PASSWORD, Browser
from tests.helpers import INTAKE, OFFICE, RESIDENT, drive

Sync = Callable[[], None]
BEIJING = ZoneInfo("Asia/Shanghai")
DONGHU = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号")
XISHAN = Place("jc.xishan", "jc.xishan.fenghuang", "凤凰路 3 号")
_ROW = re.compile(r'<tr data-reference="([^"]+)">(.*?)</tr>', re.S)
_NAV = re.compile(r'data-queue="(\w+)"[^>]*>[^<]*\(<span class="count">(\d+)</span>\)')


@pytest.fixture
def sync(ducha: Ducha, engine: Engine) -> Sync:
    """Bring the read side up to date with the store."""
    projections = build_projections(ducha)
    create_projections(engine, projections)

    def run() -> None:
        catch_up(ducha, engine, projections)

    return run


@pytest.fixture
def officials(engine: Engine, tree: OrgTree) -> None:
    """li: intake on Donghu; zhao: unit Hubin; qian: unit Water bureau; wang: office (city)."""
    for username, name, role, unit in [
        ("li", "李静", "intake", "jc.donghu"),
        ("zhao", "赵强", "unit", "jc.donghu.hubin"),
        ("qian", "钱平", "unit", "jc.swj"),
        ("wang", "王敏", "office", "jc"),
    ]:
        create_account(engine, username, name, PASSWORD, NOW)
        grant(engine, tree, username, role, unit, "root", NOW)


def complain(
    ducha: Ducha, title: str, place: Place = DONGHU, category: Category = Category.WATER
) -> tuple[UUID, str]:
    receipt = ducha.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title=title,
        description="群众反映的问题。",
        categories=[category],
        place=place,
    )
    return receipt.case_id, ducha.get(receipt.case_id).reference


def rows(page: str) -> dict[str, str]:
    """Reference -> the row's HTML, for every row of a list page."""
    return dict(_ROW.findall(page))


def visit(browser: Browser, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200, url
    return str(response.get_data(as_text=True))


def test_intake_sees_new_complaints_of_its_district_only(
    browser: Browser, ducha: Ducha, sync: Sync, officials: None
) -> None:
    _, donghu = complain(ducha, "东湖区河道异味")
    _, xishan = complain(ducha, "西山区工地扬尘", XISHAN)
    sync()
    browser.log_in("li")
    page = visit(browser, "/admin/queues/new_complaints")
    assert set(rows(page)) == {donghu}
    assert f'href="/admin/cases/{donghu}"' in page
    assert "东湖区河道异味" in page and "东湖区 · 湖滨街道" in page
    assert xishan not in page


def test_the_navigation_and_home_show_the_counts(
    browser: Browser, ducha: Ducha, sync: Sync, officials: None, engine: Engine, tree: OrgTree
) -> None:
    for n in range(3):
        complain(ducha, f"东湖区投诉 {n}")
    accepted, _ = complain(ducha, "东湖区已受理")
    ducha.accept(INTAKE, accepted)
    complain(ducha, "西山区投诉", XISHAN)
    sync()
    browser.log_in("li")
    today = datetime.now(BEIJING).date()
    expected = queue_counts(engine, tree, Actor("li", "jc.donghu", Role.INTAKE), today)
    assert set(expected) == {"new_complaints", "overdue"} and expected["new_complaints"] == 3
    for url in ("/admin/", "/admin/queues/new_complaints"):
        shown = {name: int(count) for name, count in _NAV.findall(visit(browser, url))}
        assert shown == expected
    home = visit(browser, "/admin/")
    assert 'data-queue-count="new_complaints">3<' in home


def test_a_unit_sees_the_cases_transferred_to_it_only(
    browser: Browser, web: Flask, ducha: Ducha, sync: Sync, officials: None
) -> None:
    mine, my_ref = complain(ducha, "湖滨街道污水")
    drive(ducha, mine, None, until="transferred")  # to jc.donghu.hubin
    other, other_ref = complain(ducha, "管网渗漏")
    ducha.accept(INTAKE, other)
    ducha.transfer(OFFICE, other, "jc.swj")
    sync()
    browser.log_in("zhao")
    assert set(rows(visit(browser, "/admin/queues/to_acknowledge"))) == {my_ref}
    other_browser = Browser(web.test_client())
    other_browser.log_in("qian")
    assert set(rows(visit(other_browser, "/admin/queues/to_acknowledge"))) == {other_ref}


def test_other_roles_queues_are_refused_and_unknown_ones_missing(
    browser: Browser, officials: None, sync: Sync
) -> None:
    sync()
    browser.log_in("li")
    denied = browser.get("/admin/queues/to_acknowledge")
    assert denied.status_code == 403
    assert 'id="denied-message"' in denied.get_data(as_text=True)
    assert browser.get("/admin/queues/no_such_queue").status_code == 404
    assert browser.get("/admin/cases.csv?queue=to_transfer").status_code == 403
    assert browser.get("/admin/cases.pdf").status_code == 404


@pytest.mark.parametrize("url", ["/admin/queues/new_complaints", "/admin/cases.csv"])
def test_anonymous_visitors_are_sent_to_log_in(browser: Browser, url: str) -> None:
    response = browser.get(url)
    assert response.status_code == 302
    assert "/admin/login" in response.location


def test_overdue_cases_are_marked(
    browser: Browser, ducha: Ducha, sync: Sync, officials: None, clock: object
) -> None:
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)  # type: ignore[attr-defined]
    late, late_ref = complain(ducha, "早已交办的污水问题")
    drive(ducha, late, clock, until="rectifying")
    clock.now = datetime.now(BEIJING)  # type: ignore[attr-defined]
    fresh, fresh_ref = complain(ducha, "刚交办的污水问题")
    drive(ducha, fresh, clock, until="rectifying")
    sync()
    browser.log_in("zhao")
    shown = rows(visit(browser, "/admin/queues/in_rectification"))
    assert set(shown) == {late_ref, fresh_ref}
    assert 'class="overdue"' in shown[late_ref]
    assert 'class="overdue"' not in shown[fresh_ref]
    assert set(rows(visit(browser, "/admin/queues/overdue"))) == {late_ref}


def test_queues_are_paged_by_fifty(
    browser: Browser, ducha: Ducha, sync: Sync, officials: None
) -> None:
    refs = {complain(ducha, f"东湖区噪声 {n}", category=Category.NOISE)[1] for n in range(51)}
    sync()
    browser.log_in("li")
    first = visit(browser, "/admin/queues/new_complaints?category=noise")
    second = visit(browser, "/admin/queues/new_complaints?category=noise&page=2")
    assert len(rows(first)) == 50 and len(rows(second)) == 1
    assert set(rows(first)) | set(rows(second)) == refs
    assert 'rel="next" href="/admin/queues/new_complaints?page=2&amp;category=noise"' in first
    assert 'rel="next"' not in second and 'rel="prev"' in second


def test_the_filters_narrow_the_queue(
    browser: Browser, ducha: Ducha, sync: Sync, officials: None
) -> None:
    cases = {
        "water": complain(ducha, "东湖区河道黑臭"),
        "air": complain(ducha, "东湖区工厂废气", category=Category.AIR),
        "xishan": complain(ducha, "西山区河道黑臭", XISHAN),
    }
    for case_id, _ref in cases.values():
        ducha.accept(INTAKE, case_id)
    refs = {key: ref for key, (_id, ref) in cases.items()}
    sync()
    browser.log_in("wang")

    def listed(query: str) -> set[str]:
        return set(rows(visit(browser, f"/admin/queues/to_transfer?{query}")))

    assert listed("") == set(refs.values())
    assert listed("district=jc.xishan") == {refs["xishan"]}
    assert listed("category=air") == {refs["air"]}
    assert listed("q=河道黑臭") == {refs["water"], refs["xishan"]}
    assert listed("q=河道黑臭&district=jc.donghu") == {refs["water"]}
    assert listed("district=mars&category=colour") == set(refs.values())
    # a status filter is offered only where a queue holds several statuses
    assert 'name="status"' not in visit(browser, "/admin/queues/to_transfer")
    assert 'name="status"' in visit(browser, "/admin/queues/overdue")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_exactly_the_jurisdictions_rows(
    fmt: str, browser: Browser, ducha: Ducha, sync: Sync, officials: None
) -> None:
    _, new_ref = complain(ducha, "东湖区河道黑臭")
    accepted, accepted_ref = complain(ducha, "东湖区工厂废气", category=Category.AIR)
    ducha.accept(INTAKE, accepted)
    complain(ducha, "西山区河道黑臭", XISHAN)
    elsewhere, _ = complain(ducha, "西山区交市水务局", XISHAN)
    ducha.accept(INTAKE, elsewhere)
    ducha.transfer(OFFICE, elsewhere, "jc.swj")
    moved, moved_ref = complain(ducha, "西山区交东湖区分局", XISHAN)  # responsible unit in Donghu
    ducha.accept(INTAKE, moved)
    ducha.transfer(OFFICE, moved, "jc.donghu.sthj")
    sync()
    browser.log_in("li")

    def exported(query: str) -> list[str]:
        response = browser.get(f"/admin/cases.{fmt}?{query}")
        assert response.status_code == 200
        assert 'filename="cases-' in response.headers["Content-Disposition"]
        table = read_table(io.BytesIO(response.data), fmt)
        assert table.header == HEADER
        return [cells[0] for _, cells in table.rows]

    assert sorted(exported("")) == sorted([new_ref, accepted_ref, moved_ref])
    assert exported("queue=new_complaints") == [new_ref]
    assert exported("category=air") == [accepted_ref]
    assert exported("status=accepted&q=废气") == [accepted_ref]
    assert exported("district=jc.xishan") == [moved_ref]
    page = visit(browser, "/admin/queues/new_complaints?q=黑臭")
    assert f'href="/admin/cases.{fmt}?q=%E9%BB%91%E8%87%AD&amp;queue=new_complaints"' in page
