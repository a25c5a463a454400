"""The suite's own PostgreSQL databases: copies of one template, and crashed sessions' leftovers
cleaned up without touching the databases of sessions still running."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import inspect

from core.service.application import Ducha
from core.settings import Settings
from projections.engine.metadata import read_model_metadata
from stores.db import make_engine, stores_metadata
from tests.databases import TemplateCopies, drop_stale_databases, pg_admin

pytestmark = pytest.mark.postgres


def database_names(admin: psycopg.Connection) -> set[str]:
    return {row[0] for row in admin.execute("SELECT datname FROM pg_database").fetchall()}


def test_only_the_suites_databases_older_than_a_day_are_dropped() -> None:
    admin = pg_admin()
    now = int(time.time())
    old, young = f"ducha_t_{now - 2 * 86_400}_0000abcd", f"ducha_t_{now - 3_600}_0000abcd"
    foreign = f"ducha_t_{now - 2 * 86_400}_notours"  # not a name the suite makes
    for name in (old, young, foreign):
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        assert drop_stale_databases(admin, now) == [old]
        assert {young, foreign} <= database_names(admin) and old not in database_names(admin)
    finally:
        for name in (old, young, foreign):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.parametrize("backend", ["postgres"])
def test_each_test_gets_its_own_copy_of_the_schema_with_no_events(
    settings: Settings, pg_template: TemplateCopies, ducha: Ducha
) -> None:
    assert not ducha.recorder.max_notification_id()
    database = settings.sqlalchemy_url.rsplit("/", 1)[1]
    assert database != pg_template.template and database.startswith("ducha_t_")
    engine = make_engine(settings.sqlalchemy_url)
    try:
        assert {*stores_metadata.tables, *read_model_metadata.tables} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_test_without_settings_gets_an_empty_database(environ: dict[str, str]) -> None:
    engine = make_engine("postgresql+psycopg://" + environ["DATABASE_URL"].split("://", 1)[1])
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
