"""Creating and migrating the schema (`flask --app wsgi db init` / `db upgrade`) and checking it
at start-up.

Three owners share the database: the eventsourcing library creates the event store's tables,
Alembic migrates the authoritative tables (stores/migrate.py), and create_all makes the read
models' tables, which `projections rebuild` can drop and recreate. Workers never create tables:
four gunicorn workers creating them at once is a race; `db init` and `db upgrade` hold a lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, inspect

from core.service.application import Ducha
from core.settings import Settings
from projections.engine.metadata import read_model_metadata
from projections.engine.registry import build_projections, create_projections
from stores.db import make_engine
from stores.locks import schema_lock
from stores.migrate import Migration, SchemaMissing, check_stores, migrate_stores

INIT_HINT = "run `flask --app wsgi db init` first"


@dataclass(frozen=True)
class SchemaReady:
    """What `db init` or `db upgrade` left: the authoritative tables' migration, every table."""

    migration: Migration
    tables: list[str]


def event_table_name(settings: Settings) -> str:
    return "stored_events" if settings.backend == "sqlite" else f"{Ducha.name}_events"


def init_schema(settings: Settings) -> SchemaReady:
    """Create the event store's tables, then everything `upgrade_schema` does; safe to run
    again, and by two processes at once (the second waits for the first)."""
    return _migrate(settings, create_event_store=True)


def upgrade_schema(settings: Settings) -> SchemaReady:
    """Migrate an installation: the authoritative tables to Alembic's newest revision (stamping
    one made before Alembic first), then the read models' tables a release added."""
    _check_event_store(settings)
    return _migrate(settings, create_event_store=False)


def _migrate(settings: Settings, create_event_store: bool) -> SchemaReady:
    with schema_lock(settings):
        env = settings.event_store_env(create_table=create_event_store)
        app = Ducha(env, timezone=settings.timezone)
        engine = make_engine(settings.sqlalchemy_url)
        try:
            migration = migrate_stores(engine)
            read_model_metadata.create_all(engine, checkfirst=True)
            create_projections(engine, build_projections(app))
            return SchemaReady(migration, sorted(inspect(engine).get_table_names()))
        finally:
            app.close()
            engine.dispose()


def _check_event_store(settings: Settings) -> None:
    if settings.backend == "sqlite":
        if not settings.events_path.exists():
            raise SchemaMissing(f"no event store at {settings.events_path}; {INIT_HINT}")
        events_engine = create_engine(f"sqlite:///{settings.events_path}", hide_parameters=True)
    else:
        events_engine = make_engine(settings.sqlalchemy_url, pool_size=1)
    try:
        if not inspect(events_engine).has_table(event_table_name(settings)):
            raise SchemaMissing(f"the event table is missing; {INIT_HINT}")
    finally:
        events_engine.dispose()


def _missing_read_model_tables(engine: Engine) -> list[str]:
    return sorted(set(read_model_metadata.tables) - set(inspect(engine).get_table_names()))


def check_schema(settings: Settings) -> None:
    """Raise SchemaMissing unless `db init` has run against these settings and no migration is
    pending (MigrationsPending) or was made by a newer release (SchemaTooNew)."""
    _check_event_store(settings)
    read_engine = make_engine(settings.sqlalchemy_url, pool_size=1)
    try:
        with read_engine.connect() as conn:
            check_stores(conn)
        missing = _missing_read_model_tables(read_engine)
    finally:
        read_engine.dispose()
    if missing:
        raise SchemaMissing(
            f"tables {', '.join(missing)} are missing; run `flask --app wsgi db upgrade`"
        )
