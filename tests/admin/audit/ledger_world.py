"""A small event log with a sealer, and checkpoints signed over it, on the test's backend
(import `sealed` from here: a fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from core.ledger.tree import parse_checkpoint
from core.ledger.verify import KeptCheckpoint, VerifyReport, verify_log
from core.service.application import Ducha
from core.settings import Settings
from projections.engine.catchup import catch_up
from projections.engine.schema import event_table_name
from projections.ledger.sealer import LedgerSealer, seal, stored_records
from stores.db import make_engine
from stores.signing import Signer, open_note
from tests.helpers import INTAKE, OFFICE, report


@dataclass
class Sealed:
    app: Ducha
    engine: Engine
    events: Engine
    table: str
    nid: str  # the notification id's column: SQLite's table uses its rowid
    signer: Signer
    folder: Path

    def catch_up(self) -> None:
        catch_up(self.app, self.engine, [LedgerSealer(self.app)])

    def checkpoint(self) -> Path:
        self.catch_up()
        with self.engine.begin() as conn:
            return seal(conn, self.signer, self.folder)

    def kept(self, *paths: Path) -> list[KeptCheckpoint]:
        return [
            KeptCheckpoint(
                p.name, parse_checkpoint(open_note(p.read_text(), [self.signer.verifier]))
            )
            for p in paths
        ]

    def verify(self, *paths: Path, case_id: str | None = None) -> VerifyReport:
        return verify_log(stored_records(self.app, page=4), self.kept(*paths), case_id=case_id)

    def sql(self, statement: str, **params: Any) -> list[Any]:
        with self.events.begin() as conn:
            sql = statement.format(t=self.table, n=self.nid)
            result = conn.execute(text(sql), params)
            return result.all() if result.returns_rows else []


def three_cases(app: Ducha) -> list[str]:
    """Three cases, each reported, accepted and (the first two) transferred: 8 events."""
    ids = []
    for n in range(3):
        receipt = report(app, title=f"河道黑臭水体 {n}")
        app.accept(INTAKE, receipt.case_id)
        if n < 2:
            app.transfer(OFFICE, receipt.case_id, "jc.donghu.hubin")
        ids.append(str(receipt.case_id))
    return ids


@pytest.fixture
def sealed(ducha: Ducha, settings: Settings, tmp_path: Path) -> Iterator[Sealed]:
    engine = make_engine(settings.sqlalchemy_url)
    if settings.backend == "sqlite":
        events = create_engine(f"sqlite:///{settings.events_path}")
    else:
        events = engine
    world = Sealed(
        ducha,
        engine,
        events,
        event_table_name(settings),
        "rowid" if settings.backend == "sqlite" else "notification_id",
        Signer.generate("ducha.test/ledger"),
        tmp_path / "checkpoints",
    )
    yield world
    events.dispose()
    engine.dispose()
