"""A complaint from the portal to closed, in a real browser (Debian's Chromium driven by
Playwright) over real HTTP with the projector running: a resident reports on a phone, and each
official logs in on their own desk, finds the case and takes their step on the case page.

The web app's clock starts in the past and the test moves it on by the public notice window,
so the leader's sign-off can follow the notice as it would days later.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from stores.services import Services
from tests.admin.casework import PAST, officials  # noqa: F401
from tests.admin.conftest import PASSWORD
from tests.conftest import Clock
from tests.live import serving
from tests.photos import photo_bytes
from wsgi import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]


@pytest.fixture
def web_clock() -> Clock:
    return Clock(PAST)


@pytest.fixture
def live_url(
    settings: Settings,
    environ: dict[str, str],
    web_clock: Clock,
    officials: None,  # noqa: F811
) -> Iterator[str]:
    app = create_app(environ)
    services = Services(settings, clock=web_clock)
    app.extensions["ducha"] = services
    with serving(app, services) as url:
        yield url


def desk(chromium: Any, live_url: str, username: str) -> Any:
    """An official's browser, logged in (Chinese, as officials use it)."""
    page = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live_url + "/admin/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    assert "/admin/login" not in page.url, page.inner_text("main")
    return page


def offered(page: Any) -> set[str]:
    """The actions the case page offers this official now."""
    return set(
        page.eval_on_selector_all("form.action", "forms => forms.map(f => f.dataset.action)")
    )


def act(page: Any, action: str, fields: dict[str, str], files: tuple[Path, ...] = ()) -> str:
    """Fill the case page's form for `action`, submit it, and return the case's new status."""
    form = page.locator(f'form[data-action="{action}"]')
    assert form.count() == 1, f"no {action} form on {page.url}"
    for name, value in fields.items():
        field = form.locator(f'[name="{name}"]')
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    if files:
        form.locator("input[type=file]").set_input_files([str(f) for f in files])
    version = page.get_attribute("#summary", "data-version")
    form.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.get_attribute("#summary", "data-version") != version, page.inner_text("main")
    return str(page.get_attribute("#summary", "data-status"))


def test_a_complaint_goes_from_the_portal_to_closed_across_the_roles(
    live_url: str, chromium: Any, web_clock: Clock, tmp_path: Path
) -> None:
    photo = tmp_path / "after.jpg"
    photo.write_bytes(photo_bytes())
    resident = chromium.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    phone = resident.new_page()
    phone.goto(live_url + "/report")
    phone.check("input[value=water]")
    phone.select_option("#district", "jc.donghu")
    phone.select_option("#township", "jc.donghu.hubin")
    phone.fill("#address", "湖滨街道东湖路 18 号排口")
    phone.fill("#description", "排口每天夜里排黑水，湖边发臭。")
    phone.click("button[type=submit]")
    code = phone.inner_text("#tracking-code").strip()
    secret = phone.inner_text("#tracking-secret").strip()

    intake = desk(chromium, live_url, "li")
    intake.goto(live_url + "/admin/queues/new_complaints")
    intake.click(f"text={code}")
    assert act(intake, "accept", {"note": "属实，受理"}) == "accepted"
    assert "transfer" not in offered(intake)  # transferring is the office's step

    office = desk(chromium, live_url, "wang")
    office.goto(f"{live_url}/admin/cases/{code}")
    assert act(office, "transfer", {"unit": "jc.donghu.hubin", "deadline": "2026-06-30"}) == (
        "transferred"
    )

    unit = desk(chromium, live_url, "zhao")
    unit.goto(live_url + "/admin/queues/to_acknowledge")
    unit.click(f"text={code}")
    assert act(unit, "acknowledge", {"note": "已签收"}) == "rectifying"
    assert act(unit, "submit_plan", {"text": "封堵排口，截污纳管，一个月完成"}) == "rectifying"
    assert "approve_plan" not in offered(unit)  # nobody approves their own plan
    office.reload()
    assert "approve_plan" in offered(office)
    assert act(office, "approve_plan", {"comment": "同意"}) == "rectifying"
    unit.reload()
    done = act(unit, "claim_completion", {"report": "排口已封堵", "substantiated": "yes"}, (photo,))
    assert done == "acceptance_requested"

    inspector = desk(chromium, live_url, "zhou")
    inspector.goto(f"{live_url}/admin/cases/{code}")
    fields = {"findings": "现场排口已封堵，无异味", "inspectors": "周强, 李静"}
    assert act(inspector, "record_site_inspection", fields, (photo,)) == "acceptance_requested"
    assert act(inspector, "verify", {"opinion": "整改到位"}) == "verified"

    office.reload()
    assert act(office, "open_public_notice", {"text": "整改结果公示", "window_days": "5"}) == (
        "public_notice"
    )
    web_clock.advance(days=10)  # the notice window passes

    leader = desk(chromium, live_url, "chen")
    leader.goto(live_url + "/admin/queues/awaiting_sign_off")
    leader.click(f"text={code}")
    assert act(leader, "sign_off", {"comment": "同意销号"}) == "public_notice"
    office.reload()
    assert act(office, "close", {"summary": "整改完成，予以销号"}) == "closed"
    assert office.locator('form[data-action="close"]').count() == 0

    phone.goto(live_url + "/track")
    phone.fill("#code", code)
    phone.fill("#secret", secret)
    phone.click("button[type=submit]")
    assert phone.get_attribute("#case-status", "data-status") == "closed", phone.inner_text("main")


def test_no_staff_page_breaks_the_content_security_policy(
    live_url: str, chromium: Any, tmp_path: Path
) -> None:
    """Officials' and auditors' pages (inline styles, forms, the gallery, the campaign pages)
    work under the policy: no inline script, nothing from another origin."""
    refused: list[str] = []
    office = desk(chromium, live_url, "wang")
    office.on("console", lambda message: refused.append(message.text))
    for path in ["/admin/", "/admin/queues/new_complaints", "/admin/campaigns", "/admin/staff"]:
        office.goto(live_url + path)
    auditor = desk(chromium, live_url, "sun")
    auditor.on("console", lambda message: refused.append(message.text))
    for path in ["/audit/", "/audit/flags", "/audit/dashboard"]:
        auditor.goto(live_url + path)
    assert not [text for text in refused if "Content Security Policy" in text], refused
