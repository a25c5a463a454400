"""Saved phrases in a real browser (Debian's Chromium): a click inserts a phrase at the cursor
of its text field; without JavaScript the phrases are a plain list to copy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from core.settings import Settings
from stores.phrases import add_phrase
from stores.services import Services
from tests.admin.casework import officials  # noqa: F401
from tests.admin.conftest import PASSWORD
from tests.conftest import Clock
from tests.helpers import drive, report
from tests.live import serving
from wsgi import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]
PHRASE = "已签收，立即组织核查。"


@pytest.fixture
def live_url(
    settings: Settings,
    environ: dict[str, str],
    officials: None,  # noqa: F811
) -> Iterator[str]:
    app = create_app(environ)
    services = Services(settings)
    app.extensions["ducha"] = services
    with serving(app, services) as url:
        yield url


@pytest.fixture
def reference(ducha: Ducha, clock: Clock, engine: Engine, tree: OrgTree) -> str:
    """A case transferred to Hubin, whose unit keeps one phrase."""
    receipt = report(ducha)
    drive(ducha, receipt.case_id, clock, until="transferred")
    add_phrase(engine, tree, "jc.donghu.hubin", PHRASE, "zhao", datetime.now(UTC))
    return receipt.reference


def case_page(chromium: Any, live_url: str, reference: str, script: bool) -> Any:
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, java_script_enabled=script
    )
    page = context.new_page()
    page.goto(live_url + "/admin/login")
    page.fill("input[name=username]", "zhao")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_url}/admin/cases/{reference}")
    page.wait_for_selector("#summary")
    return page


def test_a_click_inserts_the_phrase_at_the_cursor(
    live_url: str, chromium: Any, reference: str
) -> None:
    page = case_page(chromium, live_url, reference, script=True)
    form = page.locator('form[data-action="acknowledge"]')
    form.locator("textarea").fill("情况：")
    form.locator("details.phrases summary").click()
    form.locator("button.insert-phrase").click()
    assert form.locator("textarea").input_value() == "情况：" + PHRASE


def test_without_javascript_the_phrases_are_a_list_to_copy(
    live_url: str, chromium: Any, reference: str
) -> None:
    page = case_page(chromium, live_url, reference, script=False)
    form = page.locator('form[data-action="acknowledge"]')
    form.locator("details.phrases summary").click()
    assert form.locator(".phrase-text").inner_text() == PHRASE
    assert not form.locator("button.insert-phrase").is_visible()
