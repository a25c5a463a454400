"""Benchmark Ducha's command path against the bare eventsourcing library, and snapshot loads.

Run from the repository root:

    PYTHONPATH=. .venv/bin/python bench/commands.py [--commands N] [--rounds R] [--profile]

For each backend (SQLite file, then PostgreSQL at 127.0.0.1:5432 as user postgres in a
throwaway database that is dropped at the end) it measures:

  (a) Ducha commands/s: app.report_progress() on cases of about 20 events (load, one
      transition, save), N commands per round over 50 cases that are fresh for each round;
  (b) the bare library doing the same work: repository.get + one @event method + save, on
      a trivial aggregate with the same number of events;
  (c) the ratio (a)/(b);
  (d) the time to load a 1,000-event case, with and without a snapshot.

Within each round Ducha and bare run in alternating blocks of 100 commands (swapping which
goes first) so that machine noise hits both alike; each figure is the median over the rounds.
`--profile` adds a cProfile of Ducha's command path on SQLite.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version as dist_version
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.common import PG_HOST, PG_PORT, PG_USER, postgres_version, throwaway_database
from core.case.aggregate import Case
from core.domain.context import Context
from core.domain.roles import Actor, Role
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha

CASES_PER_ROUND = 50
PROGRESS_EVENTS = 12  # report..approve_plan makes 6 events, so each case starts at 18
LONG_EVENTS = 1_000
LONG_BATCH = 50  # events per save() while building the long case
LOAD_REPEATS = 15
WARMUP_COMMANDS = 100
BLOCK = 100  # commands per interleaved block within a round

RESIDENT = Actor("public", "jc", Role.RESIDENT)
INTAKE = Actor("u-intake", "jc", Role.INTAKE)
OFFICE = Actor("u-office", "jc", Role.OFFICE)
UNIT = Actor("u-unit", "jc.donghu.hubin", Role.UNIT)
PLACE = Place("jc.donghu", "jc.donghu.hubin", "湖滨路1号")


# -- the bare library baseline ----------------------------------------------------------------


class Item(Aggregate):
    """A trivial aggregate: one created event and one @event method."""

    @event("Opened")
    def __init__(self, title: str) -> None:
        self.title = title
        self.progress = 0

    @event("ProgressReported")
    def report_progress(self, text: str, percent: int) -> None:
        self.progress = percent


class BareApp(Application[UUID]):
    name = "barebench"  # its own tables on PostgreSQL (and its own file on SQLite)


class DuchaNoAutoSnapshots(Ducha):
    """Builds the long case without the automatic snapshots every 100 events (same tables)."""

    name = "ducha"  # the library would otherwise name it after the class: other tables
    snapshotting_intervals: dict[Any, int] = {}


# -- preparation --------------------------------------------------------------------------------


def prepare_ducha_case(app: Ducha, n: int) -> UUID:
    """A case in status `rectifying` with 6 + PROGRESS_EVENTS events, one save per command."""
    receipt = app.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title=f"河道黑臭 {n}",
        description="河道黑臭水体，气味明显",
        categories=[Category.WATER],
        place=PLACE,
    )
    cid = receipt.case_id
    app.accept(INTAKE, cid)
    app.transfer(OFFICE, cid, "jc.donghu.hubin")
    app.acknowledge(UNIT, cid)
    app.submit_plan(UNIT, cid, "清淤、截污、补水")
    app.approve_plan(OFFICE, cid)
    for k in range(PROGRESS_EVENTS):
        app.report_progress(UNIT, cid, f"第{k + 1}周进展：清淤完成一段", min(5 * (k + 1), 100))
    case = app.get(cid)
    assert case.status.value == "rectifying", case.status
    return cid


def prepare_bare_item(app: BareApp, n: int, events: int) -> UUID:
    """A bare aggregate with as many events as a prepared Ducha case."""
    item = Item(f"item {n}")
    for k in range(events - 1):
        item.report_progress(f"week {k + 1} progress", k % 101)
    app.save(item)
    return item.id


# -- the timed command loops --------------------------------------------------------------------


def ducha_commands(app: Ducha, ids: list[UUID], n: int, first: int = 0) -> None:
    for k in range(first, first + n):
        app.report_progress(UNIT, ids[k % len(ids)], f"进展报告 {k}：本周清淤一段", k % 101)


def bare_commands(app: BareApp, ids: list[UUID], n: int, first: int = 0) -> None:
    for k in range(first, first + n):
        item: Item = app.repository.get(ids[k % len(ids)])
        item.report_progress(f"progress report {k}", k % 101)
        app.save(item)


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median_ms(fn: Callable[[], object], repeats: int = LOAD_REPEATS) -> float:
    fn()  # warm the path once
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


# -- one backend ----------------------------------------------------------------------------------


@dataclass
class Result:
    backend: str
    ducha_rates: list[float]
    bare_rates: list[float]
    events_before: int
    events_after: int
    long_version: int
    load_no_snapshot_ms: float
    load_snapshot_ms: float

    @property
    def ducha(self) -> float:
        return statistics.median(self.ducha_rates)

    @property
    def bare(self) -> float:
        return statistics.median(self.bare_rates)

    @property
    def ratio(self) -> float:
        return self.ducha / self.bare


def bench_backend(label: str, env: dict[str, str], n_commands: int, rounds: int) -> Result:
    app = Ducha(env)
    bare_env = dict(env)
    if "SQLITE_DBNAME" in env:
        # eventsourcing.sqlite names its table `stored_events` whatever the app's name.
        bare_env["SQLITE_DBNAME"] = env["SQLITE_DBNAME"].replace(".db", "_bare.db")
    bare = BareApp(bare_env)
    builder = DuchaNoAutoSnapshots(env)
    try:
        return _bench(label, app, bare, builder, n_commands, rounds)
    finally:
        builder.close()
        bare.close()
        app.close()


def _bench(
    label: str, app: Ducha, bare: BareApp, builder: Ducha, n_commands: int, rounds: int
) -> Result:
    t0 = time.perf_counter()
    per_case = 6 + PROGRESS_EVENTS
    # (a)/(b) preparation: a small warm-up set, then a fresh set of cases for every round, so
    # every round starts from ~18-event cases (N/50 = 20 more events each during the round).
    sets_needed = rounds + 1
    ducha_sets = [
        [prepare_ducha_case(app, s * CASES_PER_ROUND + i) for i in range(CASES_PER_ROUND)]
        for s in range(sets_needed)
    ]
    bare_sets = [
        [prepare_bare_item(bare, s * CASES_PER_ROUND + i, per_case) for i in range(CASES_PER_ROUND)]
        for s in range(sets_needed)
    ]
    events_before = app.get(ducha_sets[1][0]).version
    assert bare.repository.get(bare_sets[1][0]).version == events_before
    print(
        f"  {label}: prepared {sets_needed * CASES_PER_ROUND} cases and as many bare aggregates"
        f" of {events_before} events in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )

    ducha_commands(app, ducha_sets[0], WARMUP_COMMANDS)
    bare_commands(bare, bare_sets[0], WARMUP_COMMANDS)

    ducha_rates: list[float] = []
    bare_rates: list[float] = []
    for r in range(rounds):
        ids_d, ids_b = ducha_sets[r + 1], bare_sets[r + 1]
        # Each round interleaves the two sides in blocks, swapping which goes first, so a
        # burst of machine noise lands on both sides rather than on one whole round.
        spent_d = spent_b = 0.0
        for b, start in enumerate(range(0, n_commands, BLOCK)):
            count = min(BLOCK, n_commands - start)

            def run_d(ids: list[UUID] = ids_d, first: int = start, n: int = count) -> None:
                ducha_commands(app, ids, n, first)

            def run_b(ids: list[UUID] = ids_b, first: int = start, n: int = count) -> None:
                bare_commands(bare, ids, n, first)

            if (b + r) % 2 == 0:
                spent_d += timed(run_d)
                spent_b += timed(run_b)
            else:
                spent_b += timed(run_b)
                spent_d += timed(run_d)
        ducha_rates.append(n_commands / spent_d)
        bare_rates.append(n_commands / spent_b)
        print(
            f"  {label}: round {r + 1}: Ducha {ducha_rates[-1]:,.0f} cmds/s,"
            f" bare {bare_rates[-1]:,.0f} cmds/s",
            file=sys.stderr,
        )
    events_after = app.get(ducha_sets[1][0]).version

    # (d) a 1,000-event case, built in batches by an app without automatic snapshots.
    t0 = time.perf_counter()
    cid = prepare_ducha_case(builder, 10**6)
    remaining = LONG_EVENTS - builder.get(cid).version
    k = 0
    while remaining > 0:
        batch = min(LONG_BATCH, remaining)

        def notes(case: Case, ctx: Context, start: int = k, count: int = batch) -> None:
            for j in range(start, start + count):
                case.post_note(ctx, f"督办记录 {j}：电话督促责任单位加快清淤进度")

        builder.run(OFFICE, cid, notes)
        k += batch
        remaining -= batch
    long_version = app.get(cid).version
    assert app.snapshots is not None
    assert not list(app.snapshots.get(cid)), "the long case should have no snapshot yet"
    no_snap = median_ms(lambda: app.repository.get(cid, version=long_version))
    app.take_snapshot(cid)
    with_snap = median_ms(lambda: app.repository.get(cid, version=long_version))
    print(
        f"  {label}: long case ({long_version} events) built and measured in"
        f" {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )
    return Result(
        label,
        ducha_rates,
        bare_rates,
        events_before,
        events_after,
        long_version,
        no_snap,
        with_snap,
    )


# -- backends -------------------------------------------------------------------------------------


@contextmanager
def sqlite_env() -> Iterator[dict[str, str]]:
    tmp = tempfile.mkdtemp(prefix="ducha_bench_")
    try:
        yield {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": os.path.join(tmp, "bench.db"),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def postgres_env() -> Iterator[dict[str, str]]:
    with throwaway_database("ducha_bench") as dbname:
        yield {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": PG_HOST,
            "POSTGRES_PORT": PG_PORT,
            "POSTGRES_USER": PG_USER,
            "POSTGRES_PASSWORD": "",
        }


# -- profiling ------------------------------------------------------------------------------------


def profile_ducha(n_commands: int) -> None:
    """cProfile of Ducha's report_progress path on SQLite, top entries by own and total time."""
    with sqlite_env() as env:
        app = Ducha(env)
        try:
            ids = [prepare_ducha_case(app, i) for i in range(CASES_PER_ROUND)]
            ducha_commands(app, ids, WARMUP_COMMANDS)
            profiler = cProfile.Profile()
            profiler.enable()
            ducha_commands(app, ids, n_commands)
            profiler.disable()
        finally:
            app.close()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print(f"\n### cProfile: {n_commands} Ducha report_progress commands on SQLite\n")
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


# -- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1_000, help="commands per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per side")
    parser.add_argument("--profile", action="store_true", help="also cProfile Ducha on SQLite")
    args = parser.parse_args()

    print("# Ducha command benchmark\n")
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}),"
        f" eventsourcing {dist_version('eventsourcing')}, psycopg {dist_version('psycopg')},"
        f" sqlite {sqlite3.sqlite_version}, cpus {os.cpu_count()}, {platform.platform()}"
    )
    backends: list[tuple[str, Callable[[], Any]]] = [("sqlite (file)", sqlite_env)]
    try:
        print(f"PostgreSQL {postgres_version()} at {PG_HOST}:{PG_PORT}")
        backends.append(("postgres", postgres_env))
    except Exception as exc:
        print(f"PostgreSQL skipped: cannot reach {PG_HOST}:{PG_PORT} ({exc!r})")
    print(
        f"\n{args.commands:,} commands per round, {args.rounds} rounds per side (interleaved in"
        f" blocks of {BLOCK}),"
        f" {CASES_PER_ROUND} fresh cases per round; median of rounds shown."
        f" Load times: median of {LOAD_REPEATS} repository.get(id, version=v).\n"
    )

    results: list[Result] = []
    started = time.perf_counter()
    for label, make_env in backends:
        t0 = time.perf_counter()
        with make_env() as env:
            results.append(bench_backend(label, env, args.commands, args.rounds))
        print(f"  {label}: done in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

    print(
        "| backend | Ducha cmds/s | bare cmds/s | ratio |"
        " 1,000-event load no snapshot (ms) | with snapshot (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.backend} | {r.ducha:,.0f} | {r.bare:,.0f} | {r.ratio:.2f} |"
            f" {r.load_no_snapshot_ms:.2f} | {r.load_snapshot_ms:.2f} |"
        )
    print()
    for r in results:
        rounds_d = ", ".join(f"{x:,.0f}" for x in r.ducha_rates)
        rounds_b = ", ".join(f"{x:,.0f}" for x in r.bare_rates)
        ratio_ok = "met" if r.ratio >= 0.6 else "NOT met"
        paired = ", ".join(f"{d / b:.2f}" for d, b in zip(r.ducha_rates, r.bare_rates, strict=True))
        print(f"- {r.backend}: rounds Ducha [{rounds_d}], bare [{rounds_b}] cmds/s;")
        print(f"  per-round ratios (each Ducha round over the bare round beside it) [{paired}];")
        print(
            f"  cases grew from {r.events_before} to {r.events_after} events during a round;"
            f" long case {r.long_version} events; ratio goal >= 0.6 {ratio_ok}"
        )
        if r.backend.startswith("sqlite"):
            snap_ok = "met" if r.load_snapshot_ms <= 2.0 else "NOT met"
            print(f"  snapshot load goal <= 2 ms on SQLite {snap_ok}")
    print(f"\ntotal {time.perf_counter() - started:.1f}s")

    if args.profile:
        profile_ducha(args.commands)


if __name__ == "__main__":
    main()
