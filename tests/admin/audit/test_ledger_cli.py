"""`flask --app wsgi audit keygen | checkpoint | verify` through the CLI runner; the sealer's own
checkpoints every N events or T seconds, only once it has caught up."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import pytest
from flask import Flask

from core.ledger.tree import parse_checkpoint
from core.ledger.verify import KeptCheckpoint, verify_log
from core.service.application import Ducha
from core.settings import Settings
from projections.engine.catchup import catch_up, read_positions
from projections.engine.locks import ProjectorLock
from projections.engine.projector import run_projector
from projections.engine.registry import SET_NAME
from projections.ledger.sealer import (
    CheckpointPolicy,
    LedgerSealer,
    list_checkpoints,
    stored_records,
    write_checkpoint,
)
from stores.services import Services
from stores.signing import Signer, open_note
from tests.admin.audit.ledger_world import Sealed, three_cases
from tests.helpers import OFFICE, report

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # the store is covered by test_tamper


@pytest.fixture
def cli_app(environ: dict[str, str], settings: Settings, tmp_path: Path) -> Iterator[Flask]:
    from wsgi import create_app

    app = create_app({**environ, "DUCHA_SIGNING_KEY": str(tmp_path / "keys" / "ledger.key")})
    yield app
    app.extensions["ducha"].close()


def run(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", *args])
    return result.exit_code, result.output


def test_keygen_checkpoint_verify_then_tampering_fails(
    cli_app: Flask, sealed: Sealed, tmp_path: Path
) -> None:
    ids = three_cases(sealed.app)
    code, out = run(cli_app, "keygen", "--name", "ducha.test/ledger")
    assert code == 0, out
    verifier = out.strip().splitlines()[-1]
    assert verifier.startswith("ducha.test/ledger+")
    assert (tmp_path / "keys" / "ledger.key.pub").read_text().strip() == verifier
    code, out = run(cli_app, "keygen")
    assert code != 0 and "never overwritten" in out

    code, out = run(cli_app, "checkpoint")
    assert code == 0, out
    path = Path(out.strip().splitlines()[-1])
    assert path.parent == cli_app.extensions["ducha"].settings.checkpoints_dir
    assert path.read_text().splitlines()[:2] == ["ducha.test/ledger", "8"]

    code, out = run(
        cli_app, "verify", "--checkpoint", str(path), "--case", ids[0], "--key", verifier
    )
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["tree_size"] == 8, out
    assert [e["verified"] for e in report["case"]["events"]] == [True, True, True]

    sealed.sql("UPDATE {t} SET state = :s WHERE {n} = 2", s=b'{"forged": true}')
    code, out = run(cli_app, "verify", "--checkpoint", str(path))
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert {"root_mismatch", "first_divergent_leaf"} <= {f["kind"] for f in report["findings"]}
    divergent = next(f for f in report["findings"] if f["kind"] == "first_divergent_leaf")
    assert divergent["leaf_index"] == 1


def test_verify_refuses_a_checkpoint_of_another_key(
    cli_app: Flask, sealed: Sealed, tmp_path: Path
) -> None:
    three_cases(sealed.app)
    assert run(cli_app, "keygen")[0] == 0
    forged = sealed.checkpoint()  # signed by a key the auditor never pinned
    code, out = run(cli_app, "verify", "--checkpoint", str(forged))
    report = json.loads(out)
    assert code == 1 and report["findings"][0]["kind"] == "bad_checkpoint"
    assert "unknown key" in report["findings"][0]["message"]
    # With both keys pinned (a rotation), the checkpoint of the other key verifies.
    mine = (tmp_path / "keys" / "ledger.key.pub").read_text().strip()
    code, out = run(
        cli_app, "verify", "--checkpoint", str(forged), "--key", mine, "--key",
        sealed.signer.verifier.text(),
    )  # fmt: skip
    assert code == 0 and json.loads(out)["ok"], out


@pytest.mark.postgres
def test_in_production_without_a_key_checkpoint_and_verify_say_what_to_do(
    environ: dict[str, str], pg_schema_database: str
) -> None:
    from wsgi import create_app

    app = create_app({**environ, "DATABASE_URL": pg_schema_database})
    code, out = run(app, "checkpoint")
    assert code == 1 and "DUCHA_SIGNING_KEY is not set" in out
    code, out = run(app, "verify", "--checkpoint", __file__)
    app.extensions["ducha"].close()
    assert code == 1 and "pass the pinned verifier key with --key" in out


def test_db_init_makes_the_embedded_key_once_and_checkpoints_are_signed_out_of_the_box(
    environ: dict[str, str],
) -> None:
    from wsgi import create_app

    app = create_app(environ)
    runner = app.test_cli_runner()
    key = Path(environ["DUCHA_DATA_DIR"]) / "ledger.key"
    first = runner.invoke(args=["db", "init"])
    assert first.exit_code == 0 and f"ledger signing key {key} (made now)" in first.output
    assert f"verifier key in {key}.pub" in first.output and key.stat().st_mode & 0o777 == 0o600
    made = key.read_text()
    again = runner.invoke(args=["db", "init"])
    assert f"ledger signing key {key} (kept)" in again.output and key.read_text() == made
    code, out = run(app, "checkpoint")
    assert code == 0, out
    checkpoint = out.strip().splitlines()[-1]
    code, out = run(app, "verify", "--checkpoint", checkpoint)  # the data folder's key
    app.extensions["ducha"].close()
    assert code == 0 and json.loads(out)["ok"], out


def test_keygen_in_embedded_mode_makes_the_key_once_then_prints_it(
    environ: dict[str, str], settings: Settings
) -> None:
    from wsgi import create_app

    app = create_app(environ)
    key = settings.data_dir / "ledger.key"
    code, out = run(app, "keygen")
    assert code == 0 and f"signing key written to {key}" in out, out
    verifier = out.strip().splitlines()[-1]
    assert (settings.data_dir / "ledger.key.pub").read_text().strip() == verifier
    made = key.read_text()
    code, out = run(app, "keygen")  # as the README shows it, after `db init` made the key
    assert code == 0 and "made on first run" in out and out.strip().splitlines()[-1] == verifier
    code, out = run(app, "keygen", "--name", "another.example/ledger")
    app.extensions["ducha"].close()
    assert code == 1 and "never overwritten" in out and key.read_text() == made


def test_the_key_name_follows_the_public_url(environ: dict[str, str]) -> None:
    from wsgi import create_app

    app = create_app({**environ, "DUCHA_PUBLIC_URL": "http://127.0.0.1:8765"})
    assert app.test_cli_runner().invoke(args=["db", "init"]).exit_code == 0
    code, out = run(app, "checkpoint")
    app.extensions["ducha"].close()
    assert code == 0, out
    verifier = (Path(environ["DUCHA_DATA_DIR"]) / "ledger.key.pub").read_text()
    assert verifier.startswith("127.0.0.1:8765/ledger+")
    assert Path(out.strip().splitlines()[-1]).read_text().startswith("127.0.0.1:8765/ledger\n")


def test_the_sealer_signs_every_n_events_or_t_seconds_once_caught_up(
    ducha: Ducha, settings: Settings, sealed: Sealed, tmp_path: Path
) -> None:
    policy = signing_policy(settings, tmp_path, events=3, seconds=3600)

    def sizes(policy: CheckpointPolicy, batch: int = 100) -> list[int]:
        catch_up(ducha, sealed.engine, [LedgerSealer(ducha, policy)], batch=batch)
        return [c.tree_size for c in list_checkpoints(sealed.engine)]

    ids = three_cases(ducha)  # 8 events, read 3 at a time: at the head with the last batch only
    assert sizes(policy, batch=3) == [8]
    ducha.transfer(OFFICE, UUID(ids[2]), "jc.donghu.hubin")  # 1 event: fewer than N
    assert sizes(policy) == [8]
    report(ducha)
    report(ducha)
    assert sizes(policy) == [8, 11]
    report(ducha)
    assert sizes(replace(policy, every_seconds=0)) == [8, 11, 12]  # T has passed
    files = sorted(p.name for p in policy.folder.iterdir())
    assert files == [c.file_name for c in list_checkpoints(sealed.engine)]
    notes = [(policy.folder / f).read_text() for f in files]
    kept = [
        KeptCheckpoint(f, parse_checkpoint(open_note(n, [policy.signer.verifier])))
        for f, n in zip(files, notes, strict=True)
    ]
    assert verify_log(stored_records(ducha), kept).ok


def test_a_checkpoint_waits_for_a_running_projector_to_seal_the_log(
    ducha: Ducha, settings: Settings, sealed: Sealed, tmp_path: Path
) -> None:
    key = tmp_path / "k.key"
    key.write_text(Signer.generate("ducha.test/ledger").text())
    services = Services(replace(settings, signing_key=key))
    three_cases(ducha)
    with ProjectorLock(settings, SET_NAME):  # "the projector": it seals a moment later
        feeder = threading.Timer(0.3, sealed.catch_up)
        feeder.start()
        path = write_checkpoint(services)
        feeder.join()
    services.close()
    assert path.read_text().splitlines()[1] == "8"
    assert read_positions(sealed.engine)["ledger"].error is None


def test_a_quiet_log_is_signed_once_t_seconds_have_passed(
    ducha: Ducha, settings: Settings, sealed: Sealed, tmp_path: Path
) -> None:
    policy = signing_policy(settings, tmp_path, events=1000, seconds=3600)
    sealer = LedgerSealer(ducha, policy)
    ids = three_cases(ducha)
    catch_up(ducha, sealed.engine, [sealer])
    ducha.transfer(OFFICE, UUID(ids[2]), "jc.donghu.hubin")  # then nothing more happens
    catch_up(ducha, sealed.engine, [sealer])
    assert sealer.idle(sealed.engine) is None  # within T: wait
    overdue = LedgerSealer(ducha, replace(policy, every_seconds=0))
    assert overdue.idle(sealed.engine) is not None  # T has passed: the quiet log is signed
    assert overdue.idle(sealed.engine) is None  # nothing new since
    assert [c.tree_size for c in list_checkpoints(sealed.engine)] == [8, 9]


def test_the_projector_signs_a_quiet_log_while_it_waits(
    ducha: Ducha, settings: Settings, sealed: Sealed, tmp_path: Path
) -> None:
    policy = signing_policy(settings, tmp_path, events=1000, seconds=1)
    ids = three_cases(ducha)
    services, stop = Services(settings), threading.Event()
    projector = threading.Thread(
        target=run_projector,
        args=(services, stop),
        kwargs={"poll_interval": 0.02, "projections": [LedgerSealer(services.app, policy)]},
    )
    projector.start()
    try:
        signed = wait_for_checkpoint(sealed, 8)
        ducha.transfer(OFFICE, UUID(ids[2]), "jc.donghu.hubin")  # one event, then quiet
        assert signed and wait_for_checkpoint(sealed, 9)
    finally:
        stop.set()
        projector.join(timeout=10)
        services.close()


def wait_for_checkpoint(sealed: Sealed, size: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if size in [c.tree_size for c in list_checkpoints(sealed.engine)]:
            return True
        time.sleep(0.05)
    return False


def signing_policy(
    settings: Settings, tmp_path: Path, *, events: int, seconds: int
) -> CheckpointPolicy:
    """A sealer's policy with a fresh signing key: every `events` events or `seconds` seconds."""
    key = tmp_path / "sealer.key"
    key.write_text(Signer.generate("ducha.test/ledger").text())
    policy = CheckpointPolicy.from_settings(
        replace(settings, signing_key=key, checkpoint_events=events, checkpoint_seconds=seconds)
    )
    assert policy is not None
    return policy
