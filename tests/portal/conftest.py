"""Portal fixtures: the web app on the test's store, a client that carries CSRF tokens like a
browser, and the projections caught up on demand."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from core.service.application import Ducha
from core.settings import Settings
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections, create_projections
from stores.services import Services
from tests.browsing import Browser
from tests.conftest import Clock


@pytest.fixture
def clock() -> Clock:
    """Staff act at the same moment as the web app, so windows and deadlines line up."""
    return Clock(datetime.now(ZoneInfo("Asia/Shanghai")))


@pytest.fixture
def environ(environ: dict[str, str]) -> dict[str, str]:
    return {**environ, "DUCHA_REPORT_RATE_LIMIT": "1000 per minute"}


@pytest.fixture
def browser(web: Flask) -> Browser:
    return Browser(web.test_client())


@pytest.fixture
def project(settings: Settings) -> Iterator[Any]:
    """Call it to bring every projection up to date (what the projector does in production)."""
    services = Services(settings)
    projections = build_projections(services.app)
    create_projections(services.engine, projections)

    def run() -> None:
        catch_up(services.app, services.engine, projections)

    yield run
    services.close()


def report_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "categories": ["water"],
        "district": "jc.qingfeng",
        "township": "jc.qingfeng.baihe",
        "address": "白河大桥下游 200 米",
        "description": "河水发黑发臭，岸边有死鱼。",
    }
    data.update(overrides)
    return data


def receipt_of(browser: Browser) -> tuple[str, str]:
    page = browser.get("/report/done").get_data(as_text=True)
    code = re.search(r'id="tracking-code">([^<]+)<', page)
    secret = re.search(r'id="tracking-secret">([^<]+)<', page)
    assert code and secret, page
    return code.group(1), secret.group(1)


def stored_blob(app: Ducha) -> bytes:
    return b"".join(n.state for n in app.recorder.select_notifications(start=1, limit=100_000))
