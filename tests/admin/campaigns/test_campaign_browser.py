"""The office runs a campaign in a real browser (Debian's Chromium driven by Playwright) over
real HTTP with the projector running: plans it, assigns a group, draws the sample, moves the
campaign on site, and opens the overall report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core.service.application import Ducha
from core.settings import Settings
from stores.services import Services
from tests.admin.conftest import PASSWORD
from tests.helpers import drive, report
from tests.live import serving
from wsgi import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]


@pytest.fixture
def live_url(
    settings: Settings, environ: dict[str, str], ducha: Ducha, clock: Any, officials: None
) -> Iterator[str]:
    """Two verified Donghu complaints to sample from, and the site serving them."""
    for title in ("河道黑臭水体", "工地扬尘"):
        drive(ducha, report(ducha, title=title).case_id, clock, until="verified")
    app = create_app(environ)
    services = Services(settings)
    app.extensions["ducha"] = services
    with serving(app, services) as url:
        yield url


def test_the_office_sets_up_samples_and_reports(chromium: Any, live_url: str) -> None:
    page = chromium.new_context(locale="zh-CN").new_page()
    page.goto(live_url + "/admin/login")
    page.fill("input[name=username]", "wang")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("#nav-campaigns")
    page.fill("#plan-form input[name=name]", "东湖区专项督查")
    page.fill("#plan-form input[name=starts_on]", "2026-11-01")
    page.fill("#plan-form input[name=ends_on]", "2026-11-30")
    page.check("#plan-form input[value=resident_complaint]")
    page.click("#plan-form button[type=submit]")
    assert page.get_attribute("#campaign-status", "data-status") == "planned"
    page.select_option("#group-form select[name=unit_id]", "jc.dcz1")
    page.check("#group-form input[value='jc.donghu']")
    page.fill("#group-form input[name=leader_name]", "陈刚")
    page.fill("#group-form input[name=leader_user]", "chen")
    page.fill("#group-form textarea[name=members]", "吴刚, 市发展和改革委员会\n马骏, 市水务局")
    page.click("#group-form button[type=submit]")
    page.click("#campaign-districts a")
    page.click("a.sample-link")
    assert page.inner_text("#frame-now") == "2"
    page.fill("#draw-form input[name=size]", "1")
    page.click("#draw-form button[type=submit]")
    assert page.locator("#sample-items tbody tr").count() == 1
    seed = page.inner_text("#sample-seed")
    page.goto(page.url.split("/groups/")[0])
    page.click("#move-on")
    assert page.get_attribute("#campaign-status", "data-status") == "on_site"
    page.click("a[href$='/report']")
    assert page.locator("#report-groups").inner_text().count("陈刚") == 1
    assert seed in page.inner_text("#report-sampling")
    assert "吴刚" in page.inner_text("#report-groups")
