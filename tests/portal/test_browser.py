"""The portal in a real browser (Debian's Chromium driven by Playwright), over real HTTP."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from wsgi import create_app

CHROMIUM = Path(os.environ.get("DUCHA_CHROMIUM", "/usr/bin/chromium"))
pytestmark = pytest.mark.browser


@pytest.fixture
def live_url(settings: object, environ: dict[str, str]) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(environ), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture
def page() -> Iterator[object]:
    if not CHROMIUM.exists():
        from tests.conftest import skip_or_fail

        skip_or_fail("REQUIRE_BROWSER", f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
        yield context.new_page()
        browser.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_portal_opens_on_a_phone_sized_screen(live_url: str, page: object) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    response = page.goto(live_url + "/")
    assert response is not None and response.status == 200
    assert "督察" in page.locator("header .brand").inner_text()
    assert page.locator("a[href='/report']").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "nothing overflows a 360 px wide screen"
