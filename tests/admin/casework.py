"""Helpers of the case-page tests: officials of every role, a read side to catch up, and a
browser that submits a case page's action forms with the version it saw."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections, create_projections
from stores.staff import create_account, grant
from tests.admin.conftest import NOW, PASSWORD, Browser
from tests.helpers import report

Sync = Callable[[], None]
BEIJING = ZoneInfo("Asia/Shanghai")
#: Long enough ago that notice windows opened then have ended by the web app's (real) today.
PAST = datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_VERSION = re.compile(r'id="summary" data-version="(\d+)"')
_FORMS = re.compile(r'<form method="post" enctype="multipart/form-data" class="action" '
                    r'data-action="(\w+)"')  # fmt: skip

#: username -> (role, unit)
OFFICIALS = {
    "li": ("intake", "jc.donghu"),
    "xu": ("intake", "jc.xishan"),
    "wang": ("office", "jc"),
    "wu": ("office", "jc"),
    "zhao": ("unit", "jc.donghu.hubin"),
    "zhou": ("inspector", "jc.dcz1"),
    "chen": ("leader", "jc"),
    "sun": ("auditor", "jc"),
}


@pytest.fixture
def officials(engine: Engine, tree: OrgTree) -> None:
    for username, (role, unit) in OFFICIALS.items():
        create_account(engine, username, username.title(), PASSWORD, NOW)
        grant(engine, tree, username, role, unit, "root", NOW)


@pytest.fixture
def sync(ducha: Ducha, engine: Engine) -> Sync:
    projections = build_projections(ducha)
    create_projections(engine, projections)

    def run() -> None:
        catch_up(ducha, engine, projections)

    return run


@pytest.fixture
def site(web: Flask, officials: None, sync: Sync) -> Flask:
    """The web app with officials; a successful action does not wait for a projector."""
    web.config["DUCHA_ADMIN_WAIT_SECONDS"] = 0
    sync()
    return web


def browser_for(web: Flask, username: str, lang: str = "en") -> Browser:
    """A logged-in official's browser; English by default, so messages can be asserted."""
    browser = Browser(web.test_client())
    browser.client.set_cookie("lang", lang)
    response = browser.log_in(username)
    assert response.status_code == 303, username
    return browser


def new_case(ducha: Ducha, title: str = "河道黑臭水体") -> tuple[UUID, str]:
    receipt = report(ducha, title=title)
    return receipt.case_id, receipt.reference


def events(ducha: Ducha, case_id: UUID) -> list[str]:
    return [type(e).__name__ for e in ducha.history(case_id)]


def page(browser: Browser, reference: str, expected: int = 200) -> str:
    response = browser.get(f"/admin/cases/{reference}")
    assert response.status_code == expected
    return str(response.get_data(as_text=True))


def offered_forms(html: str) -> set[str]:
    return set(_FORMS.findall(html))


def seen(html: str) -> dict[str, str]:
    """What a form submission needs from the page it was on: the CSRF token and the version."""
    token, version = _CSRF.search(html), _VERSION.search(html)
    assert token and version
    return {"csrf_token": token.group(1), "version": version.group(1)}


def post(browser: Browser, reference: str, action: str, data: dict[str, Any], **base: str) -> Any:
    """Submit an action form as the page (or `base`, what an earlier page held) would."""
    fields = {**(base or seen(page(browser, reference))), **data}
    return browser.client.post(
        f"/admin/cases/{reference}/act/{action}",
        data=fields,
        content_type="multipart/form-data",
    )
