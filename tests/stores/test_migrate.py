"""The authoritative tables under Alembic (stores/migrate.py): the revisions build what the code
declares, each table has one owner, `db init` is safe to run twice at once, and a store a newer
release migrated, or one with migrations pending, stops the web app and the commands."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import stores.migrate
from core.settings import Settings, load_settings
from ops.backup.stores import kept_tables
from projections.engine.metadata import read_model_metadata
from projections.engine.schema import check_schema, init_schema
from stores.db import make_engine
from stores.migrate import (
    FIRST_REVISION,
    PRE_ALEMBIC_TABLES,
    MigrationsPending,
    SchemaTooNew,
    alembic_config,
    head_revision,
    is_authoritative,
    load_stores_metadata,
)
from tests.test_wsgi import start_web_app
from wsgi import create_app


def execute(settings: Settings, *statements: str) -> None:
    """Change the store behind the application's back, as an operator or an old release would."""
    engine = make_engine(settings.sqlalchemy_url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def test_the_revisions_build_exactly_the_tables_the_code_declares(settings: Settings) -> None:
    engine = make_engine(settings.sqlalchemy_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": is_authoritative})
        differences = compare_metadata(context, load_stores_metadata())
    engine.dispose()
    assert differences == []


def test_the_first_revision_makes_the_tables_of_the_release_before_alembic(
    environ: dict[str, str],
) -> None:
    engine = make_engine(load_settings(environ).sqlalchemy_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), FIRST_REVISION)
    assert set(inspect(engine).get_table_names()) == {*PRE_ALEMBIC_TABLES, "alembic_version"}
    engine.dispose()


def test_each_table_has_one_owner_and_the_backup_keeps_the_authoritative_ones(
    settings: Settings,
) -> None:
    authoritative = set(load_stores_metadata().tables)
    read_models = set(read_model_metadata.tables)
    assert not authoritative & read_models
    assert {t.name for t in kept_tables()} == authoritative
    engine = make_engine(settings.sqlalchemy_url)
    made = set(inspect(engine).get_table_names())
    engine.dispose()
    assert authoritative | read_models | {"alembic_version"} <= made
    assert "projection_positions" in read_models and "ledger_checkpoints" in authoritative


def test_db_init_run_twice_at_once_migrates_once(environ: dict[str, str]) -> None:
    settings = load_settings(environ)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            init_schema(settings)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = make_engine(settings.sqlalchemy_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()
    assert versions == [head_revision()]
    check_schema(settings)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_revision_of_a_newer_release_stops_the_web_app_and_db_upgrade(
    settings: Settings, environ: dict[str, str]
) -> None:
    execute(settings, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNew):
        check_schema(settings)
    started = start_web_app(environ)
    assert started.returncode != 0
    assert "revision 9999, which this release does not know" in started.stderr
    upgraded = create_app(environ).test_cli_runner().invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 1 and "does not know" in upgraded.output


def test_a_store_made_before_alembic_waits_for_db_upgrade(
    settings: Settings, environ: dict[str, str]
) -> None:
    # as the release before Alembic left it: no revision table, and none of the later tables
    execute(settings, "DROP TABLE alembic_version", "DROP TABLE unit_phrases")
    with pytest.raises(MigrationsPending, match="run `flask --app wsgi db upgrade`"):
        check_schema(settings)
    upgraded = create_app(environ).test_cli_runner().invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"stamped at {FIRST_REVISION}" in upgraded.output
    check_schema(settings)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_store_made_before_alembic_but_lacking_a_table_is_refused_by_name(
    settings: Settings, environ: dict[str, str]
) -> None:
    execute(settings, "DROP TABLE alembic_version", "DROP TABLE report_drafts")
    upgraded = create_app(environ).test_cli_runner().invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 1
    assert "before Alembic but lacks the tables report_drafts" in upgraded.output


@pytest.mark.parametrize("backend", ["sqlite"])
def test_db_upgrade_asks_for_db_init_where_there_is_no_installation(
    environ: dict[str, str],
) -> None:
    upgraded = create_app(environ).test_cli_runner().invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 1 and "run `flask --app wsgi db init` first" in upgraded.output


@pytest.mark.parametrize("backend", ["sqlite"])
def test_db_revision_writes_the_next_numbered_revision(
    settings: Settings, environ: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = head_revision()
    migrations = tmp_path / "migrations"
    shutil.copytree(stores.migrate.MIGRATIONS, migrations)
    monkeypatch.setattr(stores.migrate, "MIGRATIONS", migrations)
    written = create_app(environ).test_cli_runner().invoke(args=["db", "revision", "-m", "noop"])
    assert written.exit_code == 0, written.output
    number = f"{int(head) + 1:04d}"
    revision = (migrations / "versions" / f"{number}_noop.py").read_text(encoding="utf-8")
    assert f"revision = {number!r}" in revision and f"down_revision = {head!r}" in revision
    # The tables match their definitions, so there is nothing to do either way.
    assert revision.count("    pass\n") == 2
