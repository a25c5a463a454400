"""`flask --app wsgi db upgrade` on a store made by release 2203bf1, the last before Alembic.

The store comes from the SQL dumps in previous_release/ (made by make_fixture.py from that
release's own code, so the test needs neither git history nor the old code): one staff account
with grants, a complainant's contact and its read log, an API key, a reading, a report draft, a
signed checkpoint, a sent mail, and a case's two events stored under the old topics.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy import Engine, func, select, text

from core.settings import Settings, load_settings
from projections.cases.projection import case_rows
from projections.engine.schema import check_schema
from stores import api_keys, staff
from stores.checkpoints import ledger_checkpoints
from stores.contacts import contact_reads_table, contacts_table
from stores.drafts import report_drafts
from stores.mail_log import notification_deliveries, notification_sent
from stores.meta import get_meta
from stores.migrate import FIRST_REVISION, SCHEMA_VERSION, MigrationsPending, head_revision
from stores.readings import readings
from tests.browsing import Browser
from tests.test_wsgi import start_web_app
from wsgi import create_app

DUMPS = Path(__file__).with_name("previous_release")
PASSWORD = "previous-release-pass-1"  # see populate_2203bf1.py


def load_previous_release(settings: Settings) -> None:
    """Write the previous release's store where these settings point."""
    if settings.database_url is None:
        for database, dump in (
            ("events.sqlite3", "sqlite_events"),
            ("ducha.sqlite3", "sqlite_read"),
        ):
            conn = sqlite3.connect(settings.data_dir / database)
            conn.executescript((DUMPS / f"{dump}.sql").read_text(encoding="utf-8"))
            conn.close()
        return
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        conn.execute((DUMPS / "postgresql.sql").read_text(encoding="utf-8"))  # type: ignore[arg-type]


@pytest.fixture
def previous(environ: dict[str, str]) -> Settings:
    settings = load_settings(environ)
    load_previous_release(settings)
    return settings


@pytest.fixture
def upgraded(previous: Settings, environ: dict[str, str]) -> Iterator[Flask]:
    """The app on the previous release's store after `db upgrade`."""
    web = create_app(environ)
    result = web.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    yield web
    web.extensions["ducha"].close()


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_the_previous_release_is_stamped_at_the_first_revision_and_upgraded(
    previous: Settings, environ: dict[str, str]
) -> None:
    runner = create_app(environ).test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert f"made before Alembic: stamped at {FIRST_REVISION}" in first.output
    assert f"revision {head_revision()}" in first.output
    again = runner.invoke(args=["db", "upgrade"])
    assert again.exit_code == 0 and "stamped" not in again.output, again.output
    engine = create_app(environ).extensions["ducha"].engine
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            head_revision()
        )
    assert get_meta(engine, "schema_version") == str(SCHEMA_VERSION)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_web_app_refuses_the_previous_release_until_db_upgrade(
    previous: Settings, environ: dict[str, str]
) -> None:
    started = start_web_app(environ)
    assert started.returncode != 0
    assert "migrations are pending" in started.stderr
    assert "run `flask --app wsgi db upgrade`" in started.stderr
    assert create_app(environ).test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    check_schema(previous)  # no longer raises: the web app starts


def test_the_previous_release_needs_db_upgrade(previous: Settings) -> None:
    with pytest.raises(MigrationsPending, match="flask --app wsgi db upgrade"):
        check_schema(previous)


def test_the_authoritative_rows_survive_the_upgrade(upgraded: Flask) -> None:
    engine = upgraded.extensions["ducha"].engine
    assert {(g.role.value, g.unit_id) for g in staff.active_grants(engine, "wang.intake")} == {
        ("intake", "jc")
    }
    history = staff.grant_history(engine, "wang.intake")
    assert [h["action"] for h in history] == ["granted", "granted", "revoked"]
    assert [k.name for k in api_keys.list_keys(engine)] == ["city-hotline"]
    with engine.connect() as conn:
        contact = conn.execute(select(contacts_table)).one()
        assert (contact.name, contact.phone) == ("李 居民", "13800000000")
        read = conn.execute(select(contact_reads_table)).one()
        assert read.purpose == "call back about the smell" and read.case_id == contact.case_id
        reading = conn.execute(select(readings)).one()
        assert (reading.metric, reading.value, reading.limit_value) == ("COD", 42.5, 40.0)
        assert "工地扬尘" in conn.execute(select(report_drafts.c.payload)).scalar_one()
        assert set(conn.execute(select(ledger_checkpoints.c.tree_size)).scalars()) == {2}
    assert count(engine, notification_sent) == 1 and count(engine, notification_deliveries) == 1


def test_the_staff_account_logs_in_and_opens_the_case_after_the_upgrade(upgraded: Flask) -> None:
    app = upgraded.extensions["ducha"].app
    case = app.get(app.recorder.select_notifications(start=1, limit=1)[0].originator_id)
    browser = Browser(upgraded.test_client())
    credentials = {"username": "wang.intake", "password": PASSWORD}
    assert browser.submit("/admin/login", credentials).status_code == 303
    page = browser.get(f"/admin/cases/{case.reference}")
    assert page.status_code == 200 and "河道黑臭水体" in page.get_data(as_text=True)


def test_events_stored_under_the_old_topics_load_after_the_upgrade(upgraded: Flask) -> None:
    app = upgraded.extensions["ducha"].app
    stored = app.recorder.select_notifications(start=1, limit=10)
    assert [n.topic for n in stored] == [
        "core.domain.case:Case.Reported",
        "core.domain.case:Case.Accepted",
    ]
    case = app.get(stored[0].originator_id)
    assert case.status.value == "accepted" and case.version == 2
    assert app.get_by_reference(case.reference).id == case.id


def test_projections_rebuild_gives_the_case_rows_after_the_upgrade(upgraded: Flask) -> None:
    rebuilt = upgraded.test_cli_runner().invoke(args=["projections", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "from 2 notifications" in rebuilt.output
    with upgraded.extensions["ducha"].engine.connect() as conn:
        row = conn.execute(select(case_rows)).one()
    assert row.status == "accepted" and row.version == 2 and row.title == "河道黑臭水体"
