"""A unit official whose grants cover several units acts for all of them without switching: the
queues and the search list every unit's cases, an action is recorded under the grant that
covers the case, and a case of a unit no grant covers stays refused (page and staff API)."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from stores.api_keys import create_key
from stores.staff import active_grants, create_account, grant
from tests.admin.casework import (
    Sync,
    browser_for,
    officials,  # noqa: F401
    page,
    post,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.admin.conftest import NOW, PASSWORD, Browser
from tests.helpers import INTAKE, OFFICE, RESIDENT

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
_ROW = re.compile(r'<tr data-reference="([^"]+)">')
HUBIN = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号")
FENGHUANG = Place("jc.xishan", "jc.xishan.fenghuang", "凤凰路 3 号")


def transferred(ducha: Ducha, title: str, place: Place, unit: str) -> tuple[UUID, str]:
    receipt = ducha.report(
        RESIDENT, origin=Origin.RESIDENT_COMPLAINT, title=title, description="述",
        categories=[Category.WATER], place=place,
    )  # fmt: skip
    ducha.accept(INTAKE, receipt.case_id)
    ducha.transfer(OFFICE, receipt.case_id, unit, date(2027, 6, 30))
    return receipt.case_id, receipt.reference


@pytest.fixture
def cases(ducha: Ducha, site: Flask, sync: Sync) -> dict[str, tuple[UUID, str]]:  # noqa: F811
    """One case transferred to Hubin, one to the water bureau, one to Fenghuang (Xishan)."""
    found = {
        "hubin": transferred(ducha, "湖滨排污口", HUBIN, "jc.donghu.hubin"),
        "water": transferred(ducha, "管网渗漏", HUBIN, "jc.swj"),
        "fenghuang": transferred(ducha, "凤凰路黑臭", FENGHUANG, "jc.xishan.fenghuang"),
    }
    sync()
    return found


@pytest.fixture
def duo(engine: Engine, tree: OrgTree) -> str:
    """An official of two units: Hubin subdistrict first, then the water bureau."""
    create_account(engine, "duo", "双岗", PASSWORD, NOW)
    grant(engine, tree, "duo", "unit", "jc.donghu.hubin", "root", NOW)
    grant(engine, tree, "duo", "unit", "jc.swj", "root", NOW)
    return "duo"


def listed(browser: Browser, url: str) -> set[str]:
    response = browser.get(url)
    assert response.status_code == 200
    return set(_ROW.findall(response.get_data(as_text=True)))


def last_actor_unit(ducha: Ducha, case_id: UUID) -> str:
    return str(ducha.history(case_id)[-1].actor.unit_id)  # type: ignore[attr-defined]


def test_the_queue_and_the_search_hold_every_units_cases(
    site: Flask,  # noqa: F811
    cases: dict[str, tuple[UUID, str]],
    duo: str,
) -> None:
    browser = browser_for(site, duo, lang="zh")
    mine = {cases["hubin"][1], cases["water"][1]}
    assert listed(browser, "/admin/queues/to_acknowledge") == mine
    assert listed(browser, "/admin/cases") == mine
    home = browser.get("/admin/").get_data(as_text=True)
    assert 'data-queue-count="to_acknowledge">2<' in home
    assert re.search(r'id="acting-units">[^<]*湖滨街道、市水务局', home)


def test_each_action_is_recorded_under_the_grant_that_covers_the_case(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    cases: dict[str, tuple[UUID, str]],
    duo: str,
) -> None:
    browser = browser_for(site, duo)
    for key, unit in (("water", "jc.swj"), ("hubin", "jc.donghu.hubin")):
        case_id, reference = cases[key]
        response = post(browser, reference, "acknowledge", {"note": "已签收"})
        assert response.status_code == 303, key
        assert last_actor_unit(ducha, case_id) == unit


def test_a_case_of_a_unit_no_grant_covers_stays_refused(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    cases: dict[str, tuple[UUID, str]],
    duo: str,
) -> None:
    case_id, reference = cases["fenghuang"]
    browser = browser_for(site, duo)
    page(browser, reference, expected=403)
    base = seen_elsewhere(browser, cases["hubin"][1])
    refused = post(browser, reference, "acknowledge", {"note": "越权"}, **base)
    assert refused.status_code == 403
    assert [type(e).__name__ for e in ducha.history(case_id)][-1] == "Transferred"


def seen_elsewhere(browser: Browser, reference: str) -> dict[str, str]:
    """A CSRF token from a page the official may open (the refused case shows no form)."""
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page(browser, reference))
    assert token
    return {"csrf_token": token.group(1), "version": "3"}


def test_the_chosen_grant_still_leads_and_other_roles_act_under_one_grant(
    site: Flask,  # noqa: F811
    engine: Engine,
    tree: OrgTree,
    cases: dict[str, tuple[UUID, str]],
    duo: str,
) -> None:
    grant(engine, tree, duo, "intake", "jc.xishan", "root", NOW)
    browser = browser_for(site, duo)
    water = next(g for g in active_grants(engine, duo) if g.unit_id == "jc.swj")
    browser.submit("/admin/", {"grant_id": water.id}, action="/admin/act-as")
    assert listed(browser, "/admin/queues/to_acknowledge") == {
        cases["hubin"][1],
        cases["water"][1],
    }
    intake = next(g for g in active_grants(engine, duo) if g.role.value == "intake")
    browser.submit("/admin/", {"grant_id": intake.id}, action="/admin/act-as")
    assert listed(browser, "/admin/cases") == {cases["fenghuang"][1]}  # Xishan only
    assert browser.get("/admin/queues/to_acknowledge").status_code == 403


def test_a_district_units_grant_covers_its_townships(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    engine: Engine,
    tree: OrgTree,
    cases: dict[str, tuple[UUID, str]],
) -> None:
    create_account(engine, "dist", "区级", PASSWORD, NOW)
    grant(engine, tree, "dist", "unit", "jc.donghu", "root", NOW)
    browser = browser_for(site, "dist")
    assert listed(browser, "/admin/queues/to_acknowledge") == {cases["hubin"][1]}
    case_id, reference = cases["hubin"]
    assert post(browser, reference, "acknowledge", {"note": "区级签收"}).status_code == 303
    assert last_actor_unit(ducha, case_id) == "jc.donghu"


def test_the_staff_api_acts_for_every_unit_too(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    engine: Engine,
    cases: dict[str, tuple[UUID, str]],
    duo: str,
) -> None:
    key = create_key(engine, "duo-key", NOW, username=duo, rate_limit="1000 per minute")
    client = site.test_client()
    headers = {"Authorization": f"Bearer {key}"}
    body = client.get("/api/v1/cases", headers=headers).get_json()
    assert {r["reference"] for r in body["items"]} == {cases["hubin"][1], cases["water"][1]}
    case_id, reference = cases["water"]
    detail = client.get(f"/api/v1/cases/{reference}", headers=headers).get_json()
    assert "acknowledge" in detail["actions"]
    done = client.post(
        f"/api/v1/cases/{reference}/actions/acknowledge",
        json={"version": detail["case"]["version"], "note": "已签收"},
        headers=headers,
    )
    assert done.status_code == 200, done.get_json()
    assert last_actor_unit(ducha, case_id) == "jc.swj"
    other = cases["fenghuang"][1]
    assert client.get(f"/api/v1/cases/{other}", headers=headers).status_code == 403
    refused = client.post(
        f"/api/v1/cases/{other}/actions/acknowledge", json={"version": 3}, headers=headers
    )
    assert refused.status_code == 403 and refused.get_json()["code"] == "out_of_jurisdiction"
