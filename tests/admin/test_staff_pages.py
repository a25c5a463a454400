"""Staff accounts in the browser: the office creates accounts, grants and revokes roles within
its jurisdiction and resets passwords; every change is recorded with who and when; the rest is
refused with a message and changes nothing."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from stores.staff import active_grants, create_account, grant, grant_history, revoke
from tests.admin import casework
from tests.admin.casework import browser_for
from tests.admin.conftest import NOW, PASSWORD, Browser

#: The account store itself is tested on both backends (test_accounts); these are its pages.
officials = casework.officials  # the fixture
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def district_office(engine: Engine, tree: OrgTree, officials: None) -> None:
    """ma: the office of Donghu district, not of the city."""
    create_account(engine, "ma", "马丽", PASSWORD, NOW)
    grant(engine, tree, "ma", "office", "jc.donghu", "root", NOW)


def roles(engine: Engine, username: str) -> set[str]:
    return {f"{g.role.value}@{g.unit_id}" for g in active_grants(engine, username)}


def test_the_office_creates_an_account_who_then_logs_in_with_the_password_shown_once(
    web: Flask,
    engine: Engine,
    officials: None,
) -> None:
    office = browser_for(web, "wang")
    response = office.submit("/admin/staff", {"username": "he", "display_name": "何平"})
    assert response.status_code == 201
    password = re.search(r'id="new-password">([^<]+)<', response.get_data(as_text=True))
    assert password is not None
    assert "new-password" not in office.get("/admin/staff/he").get_data(as_text=True)
    newcomer = Browser(web.test_client())
    assert newcomer.log_in("he", password.group(1)).status_code == 303


def test_a_duplicate_username_is_refused_with_a_message(
    web: Flask,
    engine: Engine,
    officials: None,
) -> None:
    response = browser_for(web, "wang").submit(
        "/admin/staff", {"username": "zhao", "display_name": "另一个赵"}
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_a_grant_and_a_revocation_are_recorded_with_who_and_when(
    web: Flask,
    engine: Engine,
    officials: None,
) -> None:
    office = browser_for(web, "wang")
    page = "/admin/staff/zhao"
    granted = office.submit(page, {"role": "unit", "unit": "jc.donghu.guanshan"}, f"{page}/grant")
    assert granted.status_code == 303
    assert "unit@jc.donghu.guanshan" in roles(engine, "zhao")
    revoked = office.submit(page, {"role": "unit", "unit": "jc.donghu.guanshan"}, f"{page}/revoke")
    assert revoked.status_code == 303
    assert "unit@jc.donghu.guanshan" not in roles(engine, "zhao")
    last_two = grant_history(engine, "zhao")[-2:]
    assert [(r["action"], r["unit_id"], r["by"]) for r in last_two] == [
        ("granted", "jc.donghu.guanshan", "wang"),
        ("revoked", "jc.donghu.guanshan", "wang"),
    ]
    assert "revoked" in office.get(page).get_data(as_text=True)


def test_a_district_office_grants_only_within_its_district(
    web: Flask, engine: Engine, district_office: None
) -> None:
    office = browser_for(web, "ma")
    page = "/admin/staff/zhao"
    outside = office.submit(page, {"role": "unit", "unit": "jc.xishan"}, f"{page}/grant")
    assert outside.status_code == 400
    assert "Not a valid choice" in outside.get_data(as_text=True)
    assert "unit@jc.xishan" not in roles(engine, "zhao")
    inside = office.submit(page, {"role": "unit", "unit": "jc.donghu.liyuan"}, f"{page}/grant")
    assert inside.status_code == 303


@pytest.mark.parametrize(
    ("who", "target", "action", "data", "message"),
    [
        ("ma", "wang", "revoke", {"role": "office", "unit": "jc"}, "outside what your office"),
        ("ma", "chen", "reset-password", {}, "outside what your office"),
        ("wang", "sun", "revoke", {"role": "auditor", "unit": "jc"}, "outside what your office"),
        ("wang", "wang", "revoke", {"role": "office", "unit": "jc"}, "your own account"),
    ],
    ids=["city-office-grant", "city-leader-password", "auditor-grant", "own-grant"],
)
def test_what_lies_beyond_the_office_is_refused_and_nothing_changes(
    web: Flask,
    engine: Engine,
    district_office: None,
    who: str,
    target: str,
    action: str,
    data: dict[str, str],
    message: str,
) -> None:
    before = (roles(engine, target), len(grant_history(engine)))
    browser = browser_for(web, who)  # the pages offer no such form; a forged post is refused
    token = browser.token("/admin/")
    response = browser.client.post(
        f"/admin/staff/{target}/{action}", data={"csrf_token": token, **data}
    )
    assert response.status_code == 403
    assert message in response.get_data(as_text=True)
    assert (roles(engine, target), len(grant_history(engine))) == before


def test_only_the_city_office_resets_the_password_of_an_account_without_roles(
    web: Flask, engine: Engine, district_office: None
) -> None:
    """No role places an account in a district, so no district office may take it over."""
    create_account(engine, "he", "何平", PASSWORD, NOW)
    grant(engine, OrgTree.default(), "he", "leader", "jc", "root", NOW)
    revoke(engine, OrgTree.default(), "he", "leader", "jc", "root", NOW)
    page = "/admin/staff/he"
    response = browser_for(web, "ma").submit(page, {}, f"{page}/reset-password")
    assert response.status_code == 403
    assert "outside what your office" in response.get_data(as_text=True)
    assert Browser(web.test_client()).log_in("he").status_code == 303  # the password holds
    response = browser_for(web, "wang").submit(page, {}, f"{page}/reset-password")
    assert response.status_code == 200 and 'id="new-password"' in response.get_data(as_text=True)


def test_the_auditor_role_is_not_offered_and_not_accepted(
    web: Flask,
    engine: Engine,
    officials: None,
) -> None:
    office = browser_for(web, "wang")
    assert 'value="auditor"' not in office.get("/admin/staff/zhao").get_data(as_text=True)
    page = "/admin/staff/zhao"
    response = office.submit(page, {"role": "auditor", "unit": "jc"}, f"{page}/grant")
    assert response.status_code == 400 and "auditor@jc" not in roles(engine, "zhao")


def test_resetting_a_password_ends_the_old_one(
    web: Flask,
    engine: Engine,
    officials: None,
) -> None:
    office = browser_for(web, "wang")
    page = "/admin/staff/zhao"
    response = office.submit(page, {}, f"{page}/reset-password")
    new = re.search(r'id="new-password">([^<]+)<', response.get_data(as_text=True))
    assert response.status_code == 200 and new is not None
    assert Browser(web.test_client()).log_in("zhao").status_code == 401  # the old one fails
    assert Browser(web.test_client()).log_in("zhao", new.group(1)).status_code == 303


@pytest.mark.parametrize("who", ["li", "zhao", "chen", "sun"])
def test_only_the_office_manages_staff(
    web: Flask,
    engine: Engine,
    officials: None,
    who: str,
) -> None:
    browser = browser_for(web, who)
    assert browser.get("/admin/staff").status_code == 403
    token = browser.token("/admin/")
    response = browser.client.post(
        "/admin/staff/zhao/grant", data={"csrf_token": token, "role": "unit", "unit": "jc"}
    )
    assert response.status_code == 403 and "unit@jc" not in roles(engine, "zhao")


def test_a_form_without_its_csrf_token_is_refused(
    web: Flask,
    engine: Engine,
    officials: None,
) -> None:
    browser = browser_for(web, "wang")
    response = browser.client.post(
        "/admin/staff/zhao/grant", data={"role": "unit", "unit": "jc.donghu.liyuan"}
    )
    assert response.status_code == 400
    assert "unit@jc.donghu.liyuan" not in roles(engine, "zhao")
