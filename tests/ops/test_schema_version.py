"""`db init` records the schema version; a release refuses a schema newer than its own."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from core.settings import Settings
from stores.db import make_engine
from stores.meta import get_meta, meta_table
from stores.migrate import SCHEMA_VERSION
from tests.test_wsgi import start_web_app
from wsgi import create_app

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


def set_version(settings: Settings, version: int) -> None:
    engine = make_engine(settings.sqlalchemy_url)
    with engine.begin() as conn:
        conn.execute(
            update(meta_table).where(meta_table.c.key == "schema_version").values(value=version)
        )
    engine.dispose()


def test_db_init_records_the_schema_version(settings: Settings) -> None:
    engine = make_engine(settings.sqlalchemy_url)
    assert get_meta(engine, "schema_version") == str(SCHEMA_VERSION)
    engine.dispose()


def test_a_newer_schema_stops_the_web_app_and_the_commands(
    settings: Settings, environ: dict[str, str]
) -> None:
    set_version(settings, SCHEMA_VERSION + 1)
    started = start_web_app(environ)
    assert started.returncode != 0
    assert f"schema version {SCHEMA_VERSION + 1}, newer than this release's" in started.stderr
    runner = create_app(environ).test_cli_runner()
    for command in (["db", "init"], ["projections", "catch-up"], ["events", "export", "x"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 1 and "newer than this release" in result.output, command
