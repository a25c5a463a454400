"""Fixtures shared by the whole suite: a fresh database per test, on SQLite and PostgreSQL.

The schema is made once per session, by `init_schema` as `db init` makes it, into a template
(a PostgreSQL database, a SQLite data folder); a test that asks for `settings` gets a copy of
it, which is several times cheaper than making the schema again. A test that asks only for
`environ` or `pg_database` gets an empty store, as before `db init`. A transaction per test
would not isolate tests: the event store's recorder, the projector and the processes some tests
start each open their own connections, and commit.

PostgreSQL tests skip with a reason when no server is reachable, unless REQUIRE_POSTGRES=1
(set by .ci/run) turns the skip into a failure. The same holds for browser tests and
REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.domain.deadlines import DeadlinePolicy, WorkCalendar
from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from core.settings import Settings, load_settings
from projections.engine.schema import init_schema
from stores.contacts import SqlContactStore
from stores.db import make_engine
from tests.databases import (
    TemplateCopies,
    database_url,
    drop_stale_databases,
    fresh_database,
    pg_admin,
    skip_or_fail,
)

CHROMIUM = Path(os.environ.get("DUCHA_CHROMIUM", "/usr/bin/chromium"))
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_SHARED_ENVIRON = {"SECRET_KEY": "test-secret-key-0123456789"}


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TemplateCopies]:
    """A database with Ducha's schema, made once per session by `init_schema`, and its copies."""
    import wsgi  # noqa: F401  (every table is registered before the schema is made)

    admin = pg_admin()
    drop_stale_databases(admin, time.time())
    with fresh_database("tmpl") as url:
        environ = {**_SHARED_ENVIRON, "DATABASE_URL": url}
        environ["DUCHA_DATA_DIR"] = str(tmp_path_factory.mktemp("pg-template"))
        init_schema(load_settings(environ))
        copies = TemplateCopies(admin, url.rsplit("/", 1)[1])
        yield copies
        copies.close()
    admin.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose SQLite stores `init_schema` set up once per session."""
    import wsgi  # noqa: F401  (every table is registered before the schema is made)

    folder = tmp_path_factory.mktemp("sqlite-template")
    init_schema(load_settings({**_SHARED_ENVIRON, "DUCHA_DATA_DIR": str(folder)}))
    return folder


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (no schema); its URL."""
    with fresh_database("t") as url:
        yield url


@pytest.fixture
def pg_schema_database(pg_template: TemplateCopies) -> Iterator[str]:
    """A fresh PostgreSQL database with Ducha's schema for one test: a copy of the template."""
    name = pg_template.take()
    yield database_url(name)
    pg_template.give_back(name)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def environ(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment a deployment on this backend would have."""
    env = {**_SHARED_ENVIRON, "DUCHA_DATA_DIR": str(tmp_path / "var")}
    if backend == "postgres":
        # A test that uses `settings` gets the schema; one that sets it up itself gets none.
        wanted = "pg_schema_database" if "settings" in request.fixturenames else "pg_database"
        env["DATABASE_URL"] = request.getfixturevalue(wanted)
    return env


@pytest.fixture
def settings(environ: dict[str, str], sqlite_template: Path) -> Settings:
    """The test's settings, on a store set up as `db init` sets it up."""
    settings = load_settings(environ)
    if settings.backend == "sqlite":
        shutil.copytree(sqlite_template, settings.data_dir, dirs_exist_ok=True)
    # On PostgreSQL, `environ` named a copy of the template database already.
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
