"""The portal in a real browser (Debian's Chromium driven by Playwright), over real HTTP, with
the projector running: a resident reports with a photo, tracks the report, and sees an
official's public update appear."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.service.application import Ducha
from core.settings import Settings
from projections.engine.waiting import wait_for
from stores.services import Services
from tests.helpers import INTAKE, OFFICE
from tests.live import serving
from tests.photos import photo_bytes
from wsgi import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]


@pytest.fixture
def live_url(settings: Settings, environ: dict[str, str]) -> Iterator[str]:
    with serving(create_app(environ), Services(settings)) as url:
        yield url


def phone(chromium: Any) -> Any:
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    return context.new_page()


def test_the_portal_fits_a_phone_screen(live_url: str, chromium: Any) -> None:
    page = phone(chromium)
    for path in ["/", "/report", "/track"]:
        response = page.goto(live_url + path)
        assert response is not None and response.status == 200
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} overflows a 360 px screen ({width} px)"


def test_a_resident_reports_tracks_and_sees_an_official_update(
    live_url: str, chromium: Any, ducha: Ducha, settings: Settings, tmp_path: Path
) -> None:
    photo = tmp_path / "river.jpg"
    photo.write_bytes(photo_bytes())
    page = phone(chromium)
    page.goto(live_url + "/report")
    page.check("input[value=water]")
    page.select_option("#district", "jc.baishi")
    page.select_option("#township", "jc.baishi.lukou")
    page.fill("#address", "芦口镇东河桥")
    page.fill("#description", "东河桥下河水发黑，有刺鼻气味。")
    page.set_input_files("#photos", str(photo))
    page.fill("#email", "resident@example.cn")
    page.click("button[type=submit]")
    code = page.inner_text("#tracking-code").strip()
    secret = page.inner_text("#tracking-secret").strip()
    assert code.startswith("GZ-") and secret

    other = phone(chromium)  # another day, another browser: only the code and the secret
    other.goto(live_url + "/track")
    other.fill("#code", code)
    other.fill("#secret", secret)
    other.click("button[type=submit]")
    assert code in other.inner_text("main")
    assert other.inner_text("#case-status").strip()
    before = other.locator("#timeline li").count()

    case_id = ducha.get_by_reference(code).id
    ducha.accept(INTAKE, case_id)
    notification = ducha.transfer(OFFICE, case_id, "jc.baishi.lukou")
    waiter = Services(settings)
    wait_for(waiter.engine, "timeline", notification, timeout=5)
    waiter.close()
    other.reload()
    assert other.locator("#timeline li").count() == before + 2
    assert "芦口镇" in other.inner_text("#timeline")  # the transfer names the unit
