"""The append-only grants on PostgreSQL: the application role reads and appends through
eventsourcing, and every UPDATE, DELETE and TRUNCATE of the events table is refused."""

from __future__ import annotations

import uuid
from dataclasses import replace

import psycopg
import pytest

from core.domain.errors import InvalidInput
from core.service.application import Ducha
from core.settings import Settings
from stores.ledger_grants import append_only_statements
from tests.helpers import INTAKE, report

ON_POSTGRES = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)]
)


@ON_POSTGRES
def test_the_application_role_can_only_read_and_append(settings: Settings) -> None:
    url = settings.database_url
    assert url is not None
    role = f"ducha_app_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute(f"CREATE ROLE {role} LOGIN")
        try:
            for statement in append_only_statements(Ducha.name, role):
                if not statement.startswith("--"):
                    owner.execute(statement)
            _act_as(settings, url, role)
        finally:
            owner.execute(f"DROP OWNED BY {role}")
            owner.execute(f"DROP ROLE {role}")


def _act_as(settings: Settings, url: str, role: str) -> None:
    as_role = url.replace("postgresql://postgres@", f"postgresql://{role}@")
    app = Ducha(replace(settings, database_url=as_role).event_store_env())
    try:
        receipt = report(app)  # INSERT under eventsourcing's table lock
        app.accept(INTAKE, receipt.case_id)
        assert app.get(receipt.case_id).version == 2
    finally:
        app.close()
    with psycopg.connect(as_role, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM ducha_events").fetchone() == (2,)
        for statement, refusal in [
            ("UPDATE ducha_events SET state = 'x'::bytea", "append-only: UPDATE refused"),
            ("DELETE FROM ducha_events", "permission denied"),
            ("TRUNCATE ducha_events", "permission denied"),
        ]:
            with pytest.raises(psycopg.Error, match=refusal):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM ducha_events").fetchone() == (2,)


def test_grants_refuse_names_that_are_not_plain() -> None:
    with pytest.raises(InvalidInput, match="plain lower-case SQL name"):
        append_only_statements(Ducha.name, "app; DROP TABLE x")
