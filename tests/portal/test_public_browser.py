"""The public result pages in a real browser (Debian's Chromium via Playwright): they fit a
360 px screen, and the map works without script and with Leaflet."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from core.service.application import Ducha
from core.settings import Settings
from tests.portal.public_world import World, build
from wsgi import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]


@pytest.fixture
def world(ducha: Ducha, settings: Settings, clock: Any) -> World:
    return build(ducha, settings, clock)


@pytest.fixture
def live_url(world: World, environ: dict[str, str]) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(environ), threaded=True)
    web = threading.Thread(target=server.serve_forever, daemon=True)
    web.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def phone(chromium: Any, script: bool = True) -> Any:
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", java_script_enabled=script
    )
    return context.new_page()


def test_the_public_pages_fit_a_phone_screen(live_url: str, chromium: Any, world: World) -> None:
    page = phone(chromium)
    reference = world.references["closed"]
    for path in ["/cases", f"/cases/{reference}", "/typical", "/stats", "/map"]:
        response = page.goto(live_url + path)
        assert response is not None and response.status == 200
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} overflows a 360 px screen ({width} px)"


def test_the_map_without_script_shows_the_svg_with_linked_dots(
    live_url: str, chromium: Any, world: World
) -> None:
    page = phone(chromium, script=False)
    page.goto(live_url + "/map")
    assert page.locator("#svg-map").is_visible()
    assert page.locator("#svg-map polygon").count() == 6
    page.locator("#svg-map a.case-dot").first.click()
    page.wait_for_url(f"**/cases/{world.references['closed']}")


def test_the_map_with_script_draws_leaflet_layers_without_tiles(
    live_url: str, chromium: Any, world: World
) -> None:
    page = phone(chromium)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_url + "/map")
    page.wait_for_selector("#leaflet-map:not([hidden]) path.leaflet-interactive")
    assert page.locator("#leaflet-map path.leaflet-interactive").count() == 7  # 6 + 1 case
    assert not page.locator("#svg-map").is_visible()
    assert all(url.startswith(live_url) for url in requests), "no tile server, no CDN"


def test_no_public_page_breaks_the_content_security_policy(
    live_url: str, chromium: Any, world: World
) -> None:
    """The policy allows no inline script and no other origin: the pages, the vendored Leaflet
    and the report form's location script run under it without a single refusal."""
    page = phone(chromium)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.on("pageerror", lambda error: refused.append(str(error)))
    reference = world.references["closed"]
    for path in ["/", "/cases", f"/cases/{reference}", "/typical", "/stats", "/report", "/track"]:
        response = page.goto(live_url + path)
        assert (
            response is not None
            and "frame-ancestors 'none'" in response.headers["content-security-policy"]
        )
    page.goto(live_url + "/map")
    page.wait_for_selector("#leaflet-map:not([hidden]) path.leaflet-interactive")
    assert not [text for text in refused if "Content Security Policy" in text], refused
