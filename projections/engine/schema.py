"""Creating the schema once (`flask --app wsgi db init`) and checking it at start-up.

Workers never create tables: four gunicorn workers creating them at once is a race.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, inspect, update

from core.service.application import Ducha
from core.settings import Settings
from projections.engine.registry import build_projections, create_projections
from stores.db import make_engine, metadata
from stores.meta import claim_meta, get_meta, meta_table

#: The schema version this code creates and understands; `db init` records it in ducha_meta.
SCHEMA_VERSION = 1
_VERSION_KEY = "schema_version"


class SchemaMissing(Exception):
    """The store has not been initialised; the message says what to run."""


class SchemaTooNew(SchemaMissing):
    """The store was set up by a newer release of Ducha; this one must not run against it."""


def check_schema_version(engine: Engine) -> None:
    """Raise SchemaTooNew when the recorded schema version is newer than this code's."""
    recorded = get_meta(engine, _VERSION_KEY)
    if recorded is not None and int(recorded) > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"the database has schema version {recorded}, newer than this release's "
            f"{SCHEMA_VERSION}; run the newer release of Ducha, or restore a backup taken "
            f"before the upgrade"
        )


def _record_schema_version(engine: Engine) -> None:
    check_schema_version(engine)
    if not claim_meta(engine, _VERSION_KEY, str(SCHEMA_VERSION)):
        with engine.begin() as conn:
            conn.execute(
                update(meta_table)
                .where(meta_table.c.key == _VERSION_KEY)
                .values(value=str(SCHEMA_VERSION))
            )


def event_table_name(settings: Settings) -> str:
    return "stored_events" if settings.backend == "sqlite" else f"{Ducha.name}_events"


def init_schema(settings: Settings) -> list[str]:
    """Create the event store's and the read side's tables; safe to run again."""
    app = Ducha(settings.event_store_env(create_table=True), timezone=settings.timezone)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        metadata.create_all(engine, checkfirst=True)
        _record_schema_version(engine)
        create_projections(engine, build_projections(app))
        return sorted(inspect(engine).get_table_names())
    finally:
        app.close()
        engine.dispose()


def check_schema(settings: Settings) -> None:
    """Raise SchemaMissing unless `db init` has run against these settings."""
    hint = "run `flask --app wsgi db init` first"
    if settings.backend == "sqlite":
        if not settings.events_path.exists():
            raise SchemaMissing(f"no event store at {settings.events_path}; {hint}")
        events_engine = create_engine(f"sqlite:///{settings.events_path}", hide_parameters=True)
    else:
        events_engine = make_engine(settings.sqlalchemy_url, pool_size=1)
    try:
        if not inspect(events_engine).has_table(event_table_name(settings)):
            raise SchemaMissing(f"the event table is missing; {hint}")
    finally:
        events_engine.dispose()
    read_engine = make_engine(settings.sqlalchemy_url, pool_size=1)
    try:
        missing = sorted(set(metadata.tables) - set(inspect(read_engine).get_table_names()))
        if not missing:
            check_schema_version(read_engine)
    finally:
        read_engine.dispose()
    if missing:
        raise SchemaMissing(f"tables {', '.join(missing)} are missing; {hint}")
