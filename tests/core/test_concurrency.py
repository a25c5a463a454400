"""Concurrent writers: exactly one of two writers on the same version wins, nothing is lost or
duplicated, references stay unique. Threads on both backends; processes on PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from typing import Any

import pytest

from core.domain.errors import ConcurrentModification
from core.service.application import Ducha
from core.settings import Settings, load_settings
from tests.helpers import INTAKE, OFFICE, report

THREADS = 8


def _race(
    app: Ducha, case_id: Any, version: int, barrier: threading.Barrier, out: list[str]
) -> None:
    barrier.wait()
    try:
        app.post_note(OFFICE, case_id, "同时督办", version=version)
        out.append("won")
    except ConcurrentModification:
        out.append("conflict")


def test_threads_on_one_version_exactly_one_wins(ducha: Ducha) -> None:
    receipt = report(ducha)
    ducha.accept(INTAKE, receipt.case_id)
    for _round in range(5):
        version = ducha.get(receipt.case_id).version
        barrier, outcomes = threading.Barrier(THREADS), []
        threads = [
            threading.Thread(
                target=_race, args=(ducha, receipt.case_id, version, barrier, outcomes)
            )
            for _ in range(THREADS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert Counter(outcomes) == {"won": 1, "conflict": THREADS - 1}
    events = ducha.history(receipt.case_id)
    assert [e.originator_version for e in events] == list(range(1, 8))
    assert sum(type(e).__name__ == "NotePosted" for e in events) == 5


def test_references_stay_unique_under_threads(ducha: Ducha) -> None:
    references: list[str] = []
    lock = threading.Lock()

    def reporter() -> None:
        for _ in range(6):
            receipt = report(ducha)
            with lock:
                references.append(receipt.reference)

    threads = [threading.Thread(target=reporter) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(references) == len(set(references)) == THREADS * 6
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(1, THREADS * 6 + 1))


def _worker(environ: dict[str, str], case_id: str, rounds: int, queue: Any) -> None:
    """One process: its own application; reports new cases and races on the shared one."""
    from uuid import UUID

    app = Ducha(load_settings(environ).event_store_env())
    won = conflicts = 0
    references = []
    for _ in range(rounds):
        references.append(report(app).reference)
        try:
            version = app.get(UUID(case_id)).version
            app.post_note(OFFICE, UUID(case_id), "多进程督办", version=version)
            won += 1
        except ConcurrentModification:
            conflicts += 1
    app.close()
    queue.put((won, conflicts, references))


@pytest.mark.postgres
@pytest.mark.slow
def test_four_processes_lose_and_duplicate_nothing(
    pg_database: str, tmp_path: Any, ducha_factory: Any
) -> None:
    environ = {"DATABASE_URL": pg_database, "SECRET_KEY": "x" * 20, "DUCHA_DATA_DIR": str(tmp_path)}
    app: Ducha = ducha_factory(environ)
    shared = report(app)
    app.accept(INTAKE, shared.case_id)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    rounds = 25
    procs = [
        ctx.Process(target=_worker, args=(environ, str(shared.case_id), rounds, queue))
        for _ in range(4)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    won = sum(r[0] for r in results)
    references = [ref for r in results for ref in r[2]]
    assert len(references) == len(set(references)) == 4 * rounds
    history = app.history(shared.case_id)
    assert [e.originator_version for e in history] == list(range(1, len(history) + 1))
    assert sum(type(e).__name__ == "NotePosted" for e in history) == won
    assert won + sum(r[1] for r in results) == 4 * rounds
    stored = app.recorder.select_notifications(start=1, limit=100_000)
    keys = [(n.originator_id, n.originator_version) for n in stored]
    assert len(keys) == len(set(keys))
    reported = sum("Case.Reported" in n.topic for n in stored)
    assert reported == 4 * rounds + 1


@pytest.fixture
def ducha_factory() -> Any:
    made: list[Ducha] = []

    def make(environ: dict[str, str]) -> Ducha:
        from projections.engine.schema import init_schema

        settings: Settings = load_settings(environ)
        init_schema(settings)
        app = Ducha(settings.event_store_env())
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()
