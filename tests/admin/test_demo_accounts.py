"""`demo load` gives every demo actor an account with the one documented demo password."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from core.domain.roles import Role
from demo.city import DEMO_PASSWORD, STAFF
from stores.staff import active_grants, authenticate, list_accounts
from tests.admin.conftest import NOW, Browser

EXPECTED = {
    *(a.user_id for a in STAFF.values()),
    *(f"demo-inspector-{i}" for i in range(1, 7)),
    *(f"demo-unit-{d}" for d in ("donghu", "xishan", "nanhe", "beitang", "qingfeng", "baishi")),
    *(f"demo-leader-{i}" for i in range(1, 7)),  # the demo campaign's group leaders
}


def _load(web: Flask) -> None:
    result = web.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert f"password {DEMO_PASSWORD}" in result.output


def test_demo_load_creates_one_account_per_demo_actor(web: Flask, engine: Engine) -> None:
    _load(web)
    assert {a.username for a in list_accounts(engine)} == EXPECTED
    assert [(g.role, g.unit_id) for g in active_grants(engine, "demo-inspector-1")] == [
        (Role.INSPECTOR, "jc.dcz1")
    ]
    unit_grants = active_grants(engine, "demo-unit-donghu")
    assert {g.role for g in unit_grants} == {Role.UNIT} and len(unit_grants) == 3
    for username in EXPECTED:
        assert authenticate(engine, username, DEMO_PASSWORD, NOW) is not None, username


def test_demo_load_twice_keeps_one_set_of_accounts(web: Flask, engine: Engine) -> None:
    _load(web)
    _load(web)
    assert len(list_accounts(engine)) == len(EXPECTED)
    assert len(active_grants(engine, "demo-office")) == 1


def test_a_demo_account_logs_in_on_the_web(web: Flask, engine: Engine) -> None:
    _load(web)
    browser = Browser(web.test_client())
    response = browser.log_in("demo-office", DEMO_PASSWORD)
    assert response.status_code == 303
    assert "江城市" in browser.get("/admin/").get_data(as_text=True)
