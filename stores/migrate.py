"""Migrating the authoritative tables (stores_metadata) with Alembic: `flask --app wsgi db upgrade`.

The environment and the revisions live in stores/migrations/ and are configured here, from the
engine Ducha's settings give (no alembic.ini). An installation made before Alembic (its tables
present, no alembic_version) is stamped at the first revision, which creates exactly those
tables, and then upgraded like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import import_module
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, insert, inspect, select, update

from stores.db import stores_metadata
from stores.meta import meta_table

MIGRATIONS = Path(__file__).with_name("migrations")
#: The modules whose tables make up stores_metadata; importing them registers the tables.
TABLE_MODULES = (
    "stores.api_keys",
    "stores.checkpoints",
    "stores.contacts",
    "stores.drafts",
    "stores.mail_log",
    "stores.meta",
    "stores.readings",
    "stores.staff_tables",
)
#: The first revision: the authoritative tables as release 2203bf1, the last before Alembic,
#: created them with create_all.
FIRST_REVISION = "0001"
PRE_ALEMBIC_TABLES = frozenset(
    {
        "api_keys",
        "complainant_contact_reads",
        "complainant_contacts",
        "ducha_meta",
        "ledger_checkpoints",
        "monitoring_readings",
        "notification_deliveries",
        "notification_sent",
        "report_drafts",
        "staff_accounts",
        "staff_grant_history",
        "staff_grants",
    }
)
#: Kept in ducha_meta for the releases before Alembic, which refuse a number above 1. Version 2
#: marks a store whose alembic_version says how far its tables are, and whose events newer
#: releases record under topics those releases cannot load.
SCHEMA_VERSION = 2
_VERSION_KEY = "schema_version"
UPGRADE_HINT = "run `flask --app wsgi db upgrade`"


class SchemaMissing(Exception):
    """The store has not been initialised; the message says what to run."""


class SchemaTooNew(SchemaMissing):
    """The store was set up by a newer release of Ducha; this one must not run against it."""


class MigrationsPending(SchemaMissing):
    """The authoritative tables are behind this release's newest revision."""


@dataclass(frozen=True)
class Migration:
    """What `migrate_stores` did: the revision before (None: no tables) and after."""

    before: str | None
    after: str
    adopted: bool  # made before Alembic, stamped at FIRST_REVISION first


def load_stores_metadata() -> MetaData:
    """stores_metadata with every authoritative table registered on it."""
    for module in TABLE_MODULES:
        import_module(module)
    return stores_metadata


def is_authoritative(name: str | None, type_: str, _parents: object = None) -> bool:
    """What Alembic compares: only the authoritative tables. The event store's and the read
    models' tables share the database but are not Alembic's to create or drop."""
    return type_ != "table" or name in load_stores_metadata().tables


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration; env.py runs the revisions on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@cache
def _scripts(location: Path) -> ScriptDirectory:
    return ScriptDirectory(str(location))


def head_revision() -> str:
    head = _scripts(MIGRATIONS).get_current_head()
    if head is None:
        raise RuntimeError(f"no Alembic revisions in {MIGRATIONS / 'versions'}")
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in _scripts(MIGRATIONS).walk_revisions()}


def recorded_schema_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table(meta_table.name):
        return None
    recorded = conn.execute(
        select(meta_table.c.value).where(meta_table.c.key == _VERSION_KEY)
    ).scalar()
    return None if recorded is None else int(recorded)


def current_revision(conn: Connection) -> str | None:
    """The database's revision; SchemaTooNew when a newer release migrated it."""
    recorded = recorded_schema_version(conn)
    if recorded is not None and recorded > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"the database has schema version {recorded}, newer than this release's "
            f"{SCHEMA_VERSION}; run the newer release of Ducha, or restore a backup taken "
            f"before the upgrade"
        )
    revision = MigrationContext.configure(conn).get_current_revision()
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNew(
            f"the database's tables are at revision {revision}, which this release does not "
            f"know (its newest is {head_revision()}): a newer release migrated them; run that "
            f"release of Ducha, or restore a backup taken before the upgrade"
        )
    return revision


def made_before_alembic(conn: Connection) -> bool:
    """The tables of a release before Alembic are here, but no alembic_version."""
    return inspect(conn).has_table(meta_table.name) and not inspect(conn).has_table(
        "alembic_version"
    )


def check_stores(conn: Connection) -> None:
    """Raise unless the authoritative tables are at this release's newest revision."""
    revision = current_revision(conn)
    if revision == head_revision():
        return
    if revision is None and made_before_alembic(conn):
        raise MigrationsPending(
            f"migrations are pending: the database was set up by a release before Alembic; "
            f"{UPGRADE_HINT}"
        )
    if revision is None:
        raise SchemaMissing("the read side's tables are missing; run `flask --app wsgi db init`")
    raise MigrationsPending(
        f"migrations are pending: the database's tables are at revision {revision}, this "
        f"release needs {head_revision()}; {UPGRADE_HINT}"
    )


def _adopt(conn: Connection) -> None:
    """Stamp a pre-Alembic installation at the first revision, whose tables it already has."""
    present = set(inspect(conn).get_table_names())
    missing = sorted(PRE_ALEMBIC_TABLES - present)
    if missing:
        raise SchemaMissing(
            f"the database was set up before Alembic but lacks the tables {', '.join(missing)}; "
            f"restore a backup, or export and import it into a new store"
        )
    command.stamp(alembic_config(conn), FIRST_REVISION)


def _record_schema_version(conn: Connection) -> None:
    recorded = recorded_schema_version(conn)
    values = {"value": str(SCHEMA_VERSION), "set_at": datetime.now(UTC)}
    if recorded is None:
        conn.execute(insert(meta_table).values(key=_VERSION_KEY, **values))
    elif recorded != SCHEMA_VERSION:
        conn.execute(update(meta_table).where(meta_table.c.key == _VERSION_KEY).values(**values))


def migrate_stores(engine: Engine) -> Migration:
    """Bring the authoritative tables to the newest revision, in one transaction where the
    database allows it (PostgreSQL). The caller holds stores.locks.schema_lock."""
    with engine.begin() as conn:
        before = current_revision(conn)
        adopted = before is None and made_before_alembic(conn)
        if adopted:
            _adopt(conn)
        if before != head_revision():
            command.upgrade(alembic_config(conn), "head")
        _record_schema_version(conn)
    return Migration(
        before=FIRST_REVISION if adopted else before, after=head_revision(), adopted=adopted
    )


def write_revision(engine: Engine, message: str) -> Path:
    """A new revision file in stores/migrations/versions, its operations found by comparing the
    database (at the newest revision) with stores_metadata; review it before committing."""
    with engine.begin() as conn:
        check_stores(conn)
        number = f"{int(head_revision()) + 1:04d}"
        script = command.revision(
            alembic_config(conn), message=message, autogenerate=True, rev_id=number
        )
    if script is None or isinstance(script, list):
        raise RuntimeError("Alembic wrote no single revision")
    return Path(script.path)
