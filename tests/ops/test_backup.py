"""`events export` and `events import`: the logs move byte for byte, ids and all, the tables no
projection rebuilds move row for row, and the read models rebuilt from the copy equal the
original's."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.utils import get_topic

from core.campaign.aggregate import Campaign
from core.domain.values import Origin
from core.service.application import Ducha
from core.service.contacts import Contact
from core.settings import load_settings
from ops.backup.stores import kept_tables, recorders, table_rows
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections
from stores.campaigns import campaigns_of
from stores.services import Services
from stores.staff import create_account
from tests.conftest import Clock
from tests.helpers import INTAKE, OFFICE, drive, report
from tests.projections.conftest import dump
from wsgi import create_app


def history(app: Ducha, clock: Clock, services: Services) -> None:
    """Cases in several statuses, a complainant's contact, a staff account and a campaign."""
    for until in ("closed", "rectifying", "accepted"):
        drive(app, report(app).case_id, clock, until=until)
    app.accept(INTAKE, report(app, Contact(name="欧阳秀英", phone="13987654321")).case_id)
    create_account(services.engine, "li", "李", "correct horse battery", clock.now)
    campaigns_of(services).plan(
        OFFICE, name="东湖区专项督查", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
        origins=[Origin.RESIDENT_COMPLAINT],
    )  # fmt: skip


def stored(environ: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored event of each log, as stored."""
    services = Services(load_settings(environ))
    try:
        return {
            log: [
                (n.id, n.originator_id, n.originator_version, n.topic, n.state)
                for n in recorder.select_notifications(start=1, limit=100_000)
            ]
            for log, recorder in recorders(services).items()
        }
    finally:
        services.close()


def read_models(environ: dict[str, str]) -> dict[str, Any]:
    """The projections' rows and the kept tables' rows (but when `db init` ran)."""
    services = Services(load_settings(environ))
    try:
        kept = {t.name: list(table_rows(services.engine, t)) for t in kept_tables()}
        kept["ducha_meta"] = [r for r in kept["ducha_meta"] if r["key"] != "schema_version"]
        return {**dump(services.engine, build_projections(services.app)), **kept}
    finally:
        services.close()


def run(environ: dict[str, str], *args: str, code: int = 0) -> str:
    """Run a command that must end with `code`; its output."""
    result = create_app(environ).test_cli_runner().invoke(args=list(args))
    assert result.exit_code == code, result.output
    return str(result.output)


@pytest.fixture
def exported(environ: dict[str, str], ducha: Ducha, clock: Clock, tmp_path: Path) -> Path:
    """The test store's history, exported with a ledger checkpoint."""
    run(environ, "audit", "keygen", "--name", "ducha.test/ledger")
    services = Services(load_settings(environ))
    history(ducha, clock, services)
    catch_up(services.app, services.engine, build_projections(services.app))
    services.close()
    path = tmp_path / "events.jsonl"
    run(environ, "events", "export", str(path))
    return path


def restore(target: dict[str, str], path: Path) -> str:
    """`db init`, `events import`, `projections rebuild` on the target, then `audit verify`
    against the export's checkpoint; the import's output."""
    run(target, "db", "init")
    imported = run(target, "events", "import", str(path))
    run(target, "projections", "rebuild")
    verified = run(target, "audit", "verify", "--checkpoint", f"{path}.checkpoint")
    assert '"ok": true' in verified and '"matches": true' in verified
    return imported


def test_export_import_rebuild_gives_the_same_log_and_read_models(
    environ: dict[str, str], restore_environ: dict[str, str], exported: Path
) -> None:
    original = stored(environ)
    assert f"imported {len(original['ducha'])} events" in restore(restore_environ, exported)
    planned = get_topic(Campaign.Planned)
    assert any(e[3] == planned for e in original["ducha"])  # campaigns share the log
    assert stored(restore_environ) == original
    assert read_models(restore_environ) == read_models(environ)
    services = Services(load_settings(restore_environ))
    last = original["ducha"][-1][0]
    receipt = report(services.app, Contact(name="郑"))  # ids go on after the copy's
    assert receipt.notification_id == last + 1
    [contact] = services.contacts.read(receipt.case_id, INTAKE, "restore drill")
    assert contact.name == "郑"
    services.close()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_sqlite_store_moves_to_postgresql(
    environ: dict[str, str], pg_database: str, exported: Path, tmp_path: Path
) -> None:
    target = {**environ, "DUCHA_DATA_DIR": str(tmp_path / "pg"), "DATABASE_URL": pg_database}
    restore(target, exported)
    assert stored(target) == stored(environ)
    moved, original = read_models(target), read_models(environ)
    assert {t: len(rows) for t, rows in moved.items()} == {t: len(r) for t, r in original.items()}


@pytest.mark.parametrize("backend", ["sqlite"])
def test_import_refuses_a_store_that_holds_events(environ: dict[str, str], exported: Path) -> None:
    before = stored(environ)
    output = run(environ, "events", "import", str(exported), code=1)
    assert "the event log 'ducha' is not empty" in output
    assert stored(environ) == before


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_cut_off_file_imports_nothing(restore_environ: dict[str, str], exported: Path) -> None:
    exported.write_text("".join(exported.read_text().splitlines(keepends=True)[:-3]))
    run(restore_environ, "db", "init")
    assert "cut off" in run(restore_environ, "events", "import", str(exported), code=1)
    assert stored(restore_environ) == {"ducha": []}


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_edited_export_fails_the_ledger_check_after_import(
    restore_environ: dict[str, str], exported: Path
) -> None:
    lines = exported.read_text().splitlines(keepends=True)
    event = json.loads(lines[3])
    state = base64.b64decode(event["state"]).replace(b'"_data_":"2', b'"_data_":"1', 1)
    assert state != base64.b64decode(event["state"])  # a backdated timestamp
    lines[3] = json.dumps({**event, "state": base64.b64encode(state).decode()}) + "\n"
    exported.write_text("".join(lines))
    run(restore_environ, "db", "init")
    run(restore_environ, "events", "import", str(exported))
    verify = ["audit", "verify", "--checkpoint", f"{exported}.checkpoint"]
    assert "root_mismatch" in run(restore_environ, *verify, code=1)


HEADER = {"format": "ducha-export", "version": 1, "schema_version": 1}
EVENT = {"log": "ducha", "originator_id": str(uuid4()), "originator_version": 1, "topic": "t:T"}


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([{"something": "else"}], "not a Ducha export"),
        ([{**HEADER, "logs": {"ducha": -1}}], "the header must give the last id"),
        (
            [{**HEADER, "logs": {"ducha": 5}}, {**EVENT, "id": 3, "state": "e30="},
             {**EVENT, "id": 2, "state": "e30="}],
            "line 3: notification id 2 is out of order",
        ),
        (
            [{**HEADER, "logs": {"ducha": 0}}, {"table": "nope", "row": {}}],
            "unknown table 'nope'",
        ),
        (
            [{**HEADER, "logs": {"ducha": 1}}, {**EVENT, "id": 1, "state": "%%"}],
            "line 2 is not a stored event",
        ),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_with_a_reason(
    restore_environ: dict[str, str], tmp_path: Path, lines: list[Any], message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    run(restore_environ, "db", "init")
    assert message in run(restore_environ, "events", "import", str(path), code=1)
    assert stored(restore_environ) == {"ducha": []}
