"""PostgreSQL grants that keep the application role from rewriting the event store.

Prevention, not evidence (audit_perf.md §A3.1): the checkpoints catch a rewrite; these make one
harder. The events table is owned by a role the application does not log in as; the
application role may read and append. eventsourcing serialises inserts with ``LOCK TABLE …
IN EXCLUSIVE MODE``, which PostgreSQL allows only to a role holding UPDATE, DELETE or TRUNCATE
on the table, so the role keeps UPDATE, and a trigger it cannot drop (it does not own the
table) refuses every UPDATE and DELETE; TRUNCATE is not granted.
"""

from __future__ import annotations

import re

from core.domain.errors import InvalidInput

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _name(value: str, what: str) -> str:
    if not _NAME.match(value):
        raise InvalidInput(f"{what} must be a plain lower-case SQL name, not {value!r}")
    return value


def append_only_statements(app_name: str, role: str) -> list[str]:
    """The SQL, run once by the tables' owner, that lets `role` only read and append the
    application's events (and read and add snapshots, which are derived, not evidence)."""
    app_name, role = _name(app_name, "the application's name"), _name(role, "the role")
    table = f"{app_name}_events"
    return [
        f"GRANT SELECT, INSERT ON {app_name}_snapshots TO {role}",
        f"REVOKE ALL ON {table} FROM {role}",
        f"GRANT SELECT, INSERT ON {table} TO {role}",
        f"-- UPDATE only so that LOCK TABLE {table} IN EXCLUSIVE MODE is allowed; the trigger "
        "refuses every UPDATE",
        f"GRANT UPDATE ON {table} TO {role}",
        f"GRANT USAGE ON SEQUENCE {table}_notification_id_seq TO {role}",
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN RAISE EXCEPTION '{table} is append-only: % refused', TG_OP; END $$",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
    ]


def append_only_script(app_name: str, role: str) -> str:
    """The statements as one script, for psql."""
    lines = []
    for statement in append_only_statements(app_name, role):
        lines.append(statement if statement.startswith("--") else statement + ";")
    return "\n".join(lines) + "\n"
