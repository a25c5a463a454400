"""Fixtures shared by the whole suite: a fresh database per test, on SQLite and PostgreSQL.

PostgreSQL tests skip with a reason when no server is reachable, unless REQUIRE_POSTGRES=1
(set by .ci/run) turns the skip into a failure. The same holds for browser tests and
REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest

from core.domain.deadlines import DeadlinePolicy, WorkCalendar
from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from core.settings import Settings, load_settings
from projections.engine.schema import init_schema
from stores.contacts import SqlContactStore
from stores.db import make_engine

PG_ADMIN_URL = os.environ.get("DUCHA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
CHROMIUM = Path(os.environ.get("DUCHA_CHROMIUM", "/usr/bin/chromium"))
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def skip_or_fail(flag: str, reason: str) -> None:
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1 makes this a failure)")
    pytest.skip(reason)


def _pg_admin() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        skip_or_fail("REQUIRE_POSTGRES", f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
        raise


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test; its URL."""
    admin = _pg_admin()
    name = f"ducha_t_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def environ(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment a deployment on this backend would have."""
    env = {"DUCHA_DATA_DIR": str(tmp_path / "var"), "SECRET_KEY": "test-secret-key-0123456789"}
    if backend == "postgres":
        env["DATABASE_URL"] = request.getfixturevalue("pg_database")
    return env


@pytest.fixture
def settings(environ: dict[str, str]) -> Settings:
    settings = load_settings(environ)
    init_schema(settings)
    return settings


class Clock:
    """A clock the test moves by hand (commands read it for deadlines and windows)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    # A Monday morning in Beijing time, clear of holidays.
    return Clock(datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))


@pytest.fixture
def policy() -> DeadlinePolicy:
    return DeadlinePolicy(calendar=WorkCalendar.default())


@pytest.fixture
def ducha(settings: Settings, clock: Clock, policy: DeadlinePolicy) -> Iterator[Ducha]:
    """The application on a fresh store of the test's backend."""
    engine = make_engine(settings.sqlalchemy_url)
    app = Ducha(
        settings.event_store_env(),
        tree=OrgTree.default(),
        policy=policy,
        contacts=SqlContactStore(engine),
        clock=clock,
    )
    yield app
    app.close()
    engine.dispose()


@pytest.fixture
def web(settings: Settings, environ: dict[str, str]) -> Iterator[Any]:
    """The Flask app on the test's store."""
    from wsgi import create_app

    app = create_app(environ)
    yield app
    app.extensions["ducha"].close()


@pytest.fixture
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        skip_or_fail("REQUIRE_BROWSER", f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
