"""Benchmark Ducha's read side: projection rebuild rate, and projection lag under live writes.

Run from the repository root:

    PYTHONPATH=. .venv/bin/python bench/readside.py [--events N] [--rounds R] [--profile]

For each backend (SQLite files in a temporary DUCHA_DATA_DIR, then PostgreSQL at
127.0.0.1:5432 as user postgres in a throwaway database that is dropped at the end):

  (a) fill the event store with about N events (cases reported, accepted, transferred,
      acknowledged, planned and approved through the application, one save per command;
      then progress reports and notes added in batches on the aggregate, one save per batch;
      a quarter of the cases go on to evidence, completion claim, inspection, verification
      and public notice). Then, alternating, R times each:
        - bare: read and decode the whole notification log (select_notifications in pages of
          500 + mapper.to_domain_event), the floor any projector pays;
        - rebuild: reset_projections + catch_up over every projection of the set.
      Rates are notifications per second; the ratio rebuild/bare uses the medians.
  (b) run the projector as a separate process (`flask --app wsgi projections run`, the same
      environment), write commands at a paced rate (default 200/s for 20 s: new complaints,
      acceptances, progress reports and notes) and, for each command, record its notification
      id and the monotonic time right after it committed. A thread polls projection_positions
      every 2 ms on its own autocommit connection; a command's lag is the first poll that saw
      the position at or past its id, minus its commit time (resolution: one poll). The
      projector is stopped with SIGTERM at the end.
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import gc
import logging
import os
import platform
import pstats
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from bench.common import PG_HOST, PG_PORT, PG_USER, postgres_version, throwaway_database
from core.domain.roles import Actor, Role
from core.domain.values import Category, EvidenceKind, Origin, Place
from core.service.application import Ducha
from core.settings import Settings, load_settings
from projections.engine.catchup import catch_up, positions_table, read_positions
from projections.engine.locks import ProjectorLock
from projections.engine.projector import run_projector
from projections.engine.registry import SET_NAME, build_projections, reset_projections
from projections.engine.schema import init_schema
from projections.engine.waiting import wait_for
from stores.db import make_engine
from stores.services import Services

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"
SECRET_KEY = "bench-secret-key-0123456789abcdef"

EVENTS_PER_CASE = 50  # the fill aims at about this many notifications per case
BATCH_EVENTS = 25  # events per save when adding notes and progress reports in bulk
PAGE = 500  # notifications per select, as process_batch reads them
POLL_INTERVAL = 0.002  # seconds between reads of projection_positions during (b)
LAG_PROJECTION = "case_list"  # the projection whose lag goes into the table
CASES_PER_DAY = 20  # the fill's complaints per (back-dated) day
FILL_DAYS_AGO = 400  # the fill's first day
PROBE_EVENTS = 2_000  # events filled and rebuilt first, to size N to the time budget
SAFETY = 0.65  # of the (a) budget planned for: rebuilds on PostgreSQL slow down as N grows
LAG_OVERHEAD = 25.0  # seconds of (b) beyond --lag-seconds: projector start, drain, stop

RESIDENT = Actor("public", "jc", Role.RESIDENT)
INTAKE = Actor("u-intake", "jc", Role.INTAKE)
OFFICE = Actor("u-office", "jc", Role.OFFICE)
UNIT = Actor("u-unit", "jc.donghu.hubin", Role.UNIT)
INSPECTOR = Actor("u-inspector", "jc.dcz1", Role.INSPECTOR)
PLACE = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号")
CATEGORIES = [
    [Category.WATER],
    [Category.AIR],
    [Category.WATER, Category.SOLID_WASTE],
    [Category.NOISE],
    [Category.SOIL, Category.ECOLOGY],
]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- (a) filling the store ------------------------------------------------------------------------


def report_case(app: Ducha, n: int) -> UUID:
    return app.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title=f"河道黑臭水体 {n}",
        description=f"第{n}号投诉：河道黑臭，夏季异味明显，沿岸有生活污水直排。",
        categories=CATEGORIES[n % len(CATEGORIES)],
        place=PLACE,
    ).case_id


def add_bulk_events(app: Ducha, case_id: UUID, count: int, first: int) -> None:
    """`count` progress reports and notes on the aggregate, one save per BATCH_EVENTS."""
    done = 0
    while done < count:
        case = app.get(case_id)
        unit, office = app.context(UNIT), app.context(OFFICE)
        for k in range(first + done, first + done + min(BATCH_EVENTS, count - done)):
            if k % 3 == 0:
                case.report_progress(unit, f"第{k}次进展：清淤完成一段，截污管网施工中", k % 101)
            else:
                case.post_note(office, f"督办记录 {k}：电话督促责任单位加快整改进度")
        app.save(case)
        done += min(BATCH_EVENTS, count - done)


class FillClock:
    """Back-dates the fill: CASES_PER_DAY complaints a day, from FILL_DAYS_AGO days ago.

    Complaint numbers are a per-day ReferenceSequence aggregate (no snapshots), so putting all
    the fill's cases on one day would make every report replay thousands of allocations.
    """

    def __init__(self, zone: ZoneInfo) -> None:
        today = datetime.now(zone).replace(hour=9, minute=30, second=0, microsecond=0)
        self.start = today - timedelta(days=FILL_DAYS_AGO)
        self.day = 0

    def __call__(self) -> datetime:
        return self.start + timedelta(days=self.day)


class Filler:
    """Cases with realistic histories, added until the log holds a given number of events."""

    def __init__(self, services: Services) -> None:
        self.clock = FillClock(ZoneInfo(services.settings.timezone))
        self.app = Ducha(
            services.settings.event_store_env(),
            tree=services.tree,
            policy=services.policy,
            contacts=services.contacts,
            timezone=services.settings.timezone,
            clock=self.clock,
        )
        self.cases: list[UUID] = []
        self.rectifying: list[UUID] = []  # cases still open to progress reports

    def close(self) -> None:
        self.app.close()

    def fill_to(self, target: int) -> int:
        app = self.app
        t0 = last_report = time.perf_counter()
        while (app.recorder.max_notification_id() or 0) < target:
            n = len(self.cases)
            self.clock.day = n // CASES_PER_DAY
            cid = report_case(app, n)
            self.cases.append(cid)
            app.accept(INTAKE, cid)
            app.transfer(OFFICE, cid, "jc.donghu.hubin")
            app.acknowledge(UNIT, cid)
            app.submit_plan(UNIT, cid, "清淤、截污、补水，分三期实施")
            app.approve_plan(OFFICE, cid)
            closing = n % 4 == 0
            bulk = EVENTS_PER_CASE - 7 - (5 if closing else 0)  # 7 = 6 commands + sequence
            remaining = target - (app.recorder.max_notification_id() or 0)
            add_bulk_events(app, cid, max(0, min(bulk, remaining)), 0)
            if closing:
                self._close_out(cid)
            else:
                self.rectifying.append(cid)
            if time.perf_counter() - last_report > 15:
                last_report = time.perf_counter()
                done = app.recorder.max_notification_id() or 0
                log(f"fill: {done:,} / {target:,} notifications, {len(self.cases):,} cases")
        total = app.recorder.max_notification_id() or 0
        log(
            f"fill: {total:,} notifications in {len(self.cases):,} cases"
            f" ({time.perf_counter() - t0:.1f}s for this step)"
        )
        return total

    def _close_out(self, cid: UUID) -> None:
        """Evidence, completion claim, inspection, verification, public notice."""
        app = self.app
        app.attach_evidence(
            UNIT,
            cid,
            sha256="ab" * 32,
            media_type="image/jpeg",
            size_bytes=120_000,
            kind=EvidenceKind.AFTER,
        )
        app.claim_completion(UNIT, cid, "整改完成，已恢复水质", True)
        app.record_site_inspection(INSPECTOR, cid, "现场核查整改到位", ["王敏", "李强"])
        app.verify(INSPECTOR, cid, "核查通过")
        app.open_public_notice(OFFICE, cid, "整改情况公示", 5)


# -- (a) the two timed passes ---------------------------------------------------------------------


def bare_read(app: Ducha) -> int:
    """Read and decode the whole notification log, page by page; the notifications read."""
    start, count = 0, 0
    while True:
        page = app.recorder.select_notifications(start, PAGE, inclusive_of_start=False)
        if not page:
            return count
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id


def rebuild(app: Ducha, engine: Engine) -> int:
    """Drop and replay every projection of the set from zero; the notifications read."""
    projections = build_projections(app)
    reset_projections(engine, projections)
    count = catch_up(app, engine, projections, batch=PAGE)
    stopped = {n: p.error for n, p in read_positions(engine).items() if p.error}
    if stopped:
        raise RuntimeError(f"projections stopped during the rebuild: {stopped}")
    return count


def timed(fn: Callable[[], int]) -> tuple[int, float]:
    gc.collect()
    t0 = time.perf_counter()
    count = fn()
    return count, time.perf_counter() - t0


# -- (b) lag under paced writes -------------------------------------------------------------------


class PositionPoller(threading.Thread):
    """Reads every position every POLL_INTERVAL; keeps (time, position) when one moves."""

    def __init__(self, engine: Engine, names: list[str]) -> None:
        super().__init__(name="position-poller", daemon=True)
        self.engine = engine
        self.names = names
        self.stop = threading.Event()
        self.samples: dict[str, tuple[list[float], list[int]]] = {n: ([], []) for n in names}
        self.polls = 0

    def run(self) -> None:
        query = select(positions_table.c.name, positions_table.c.position)
        with self.engine.connect() as raw:
            conn = raw.execution_options(isolation_level="AUTOCOMMIT")
            while not self.stop.is_set():
                rows = conn.execute(query).all()
                seen = time.monotonic()  # the read happened before this: an upper bound
                self.polls += 1
                for name, position in rows:
                    if name not in self.samples:
                        continue
                    times, positions = self.samples[name]
                    if not positions or position > positions[-1]:
                        times.append(seen)
                        positions.append(int(position))
                time.sleep(POLL_INTERVAL)

    def lags(self, name: str, commands: list[tuple[int, float]]) -> tuple[list[float], int]:
        """Lag in seconds of each command the projection reached; and how many it did not."""
        times, positions = self.samples[name]
        lags, missed = [], 0
        for notification_id, committed in commands:
            i = bisect.bisect_left(positions, notification_id)
            if i == len(positions):
                missed += 1
            else:
                lags.append(times[i] - committed)
        return lags, missed


@dataclass
class Writer:
    """Paced commands, per ten: a new complaint, an acceptance, two progress reports, six notes."""

    app: Ducha
    existing: list[UUID]
    rectifying: list[UUID]
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    reported: deque[UUID] = field(default_factory=deque)
    accepted: list[UUID] = field(default_factory=list)
    counter: int = 0

    def one(self) -> int:
        k = self.counter
        self.counter += 1
        kind = k % 10
        if kind == 0:
            receipt = self.app.report(
                RESIDENT,
                origin=Origin.RESIDENT_COMPLAINT,
                title=f"新投诉 {k}",
                description="夜间施工噪声扰民，持续到凌晨。",
                categories=[Category.NOISE],
                place=PLACE,
            )
            self.reported.append(receipt.case_id)
            return receipt.notification_id
        if kind == 1 and self.reported:
            cid = self.reported.popleft()
            self.accepted.append(cid)
            return self.app.accept(INTAKE, cid)
        if kind in (2, 3):
            cid = self.rng.choice(self.rectifying)
            return self.app.report_progress(UNIT, cid, f"进展报告 {k}：本周清淤一段", k % 101)
        pool = self.accepted if self.accepted and self.rng.random() < 0.3 else self.existing
        return self.app.post_note(OFFICE, self.rng.choice(pool), f"督办记录 {k}：电话督促")


def paced_commands(
    app: Ducha, filler: Filler, rate: float, seconds: float
) -> tuple[list[tuple[int, float]], float]:
    """(notification id, commit time) of each command; and the achieved commands per second."""
    writer = Writer(app, filler.cases, filler.rectifying)
    total = int(rate * seconds)
    commands: list[tuple[int, float]] = []
    t0 = time.monotonic()
    for k in range(total):
        due = t0 + k / rate
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        notification_id = writer.one()
        commands.append((notification_id, time.monotonic()))
    elapsed = time.monotonic() - t0
    return commands, total / elapsed


def projector_env(settings_env: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(settings_env)
    env["PYTHONPATH"] = str(ROOT)
    return env


_CLI: dict[str, bool] = {}


def flask_cli_works(settings_env: dict[str, str]) -> bool:
    """Whether `flask --app wsgi` loads here; if not, the bench runs the same code without it."""
    if "ok" not in _CLI:
        done = subprocess.run(
            [str(FLASK), "--app", "wsgi", "projections", "--help"],
            cwd=ROOT,
            env=projector_env(settings_env),
            capture_output=True,
            text=True,
        )
        _CLI["ok"] = done.returncode == 0
        if not _CLI["ok"]:
            first = (done.stderr or done.stdout).strip().splitlines()
            log(
                "`flask --app wsgi` does not load in this tree"
                f" ({' / '.join(first[:1] + first[-3:])}); falling back to"
                " `python bench/readside.py --run-projector` (the CLI's code without Flask)"
            )
    return _CLI["ok"]


def db_init(settings_env: dict[str, str]) -> None:
    """`flask --app wsgi db init`, as a deployment does (it sees every read-side table)."""
    if flask_cli_works(settings_env):
        subprocess.run(
            [str(FLASK), "--app", "wsgi", "db", "init"],
            cwd=ROOT,
            env=projector_env(settings_env),
            check=True,
            capture_output=True,
        )
        return
    init_schema(load_settings(settings_env))


def projector_command(settings_env: dict[str, str]) -> list[str]:
    if flask_cli_works(settings_env):
        return [str(FLASK), "--app", "wsgi", "projections", "run"]
    return [sys.executable, str(Path(__file__).resolve()), "--run-projector"]


def run_projector_here() -> None:
    """What `flask --app wsgi projections run` does, without Flask: the fallback projector."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = load_settings()
    services = Services(settings)
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        print(f"projector: {signal.Signals(signum).name}, stopping", file=sys.stderr)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    lock = ProjectorLock(settings, SET_NAME)
    lock.acquire()
    try:
        total = run_projector(services, stop)
    finally:
        lock.release()
        services.close()
    print(f"projector stopped; {total} notifications processed", flush=True)


@contextmanager
def projector_process(settings_env: dict[str, str], logfile: Path) -> Iterator[Any]:
    """`flask --app wsgi projections run` with the bench's environment; SIGTERM at the end."""
    with logfile.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            projector_command(settings_env),
            cwd=ROOT,
            env=projector_env(settings_env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            lines = logfile.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            log(f"projector pid {proc.pid} exited {proc.returncode}: {lines[-1] if lines else ''}")


@dataclass
class LagResult:
    rate: float
    commands: int
    lags: dict[str, list[float]]
    missed: dict[str, int]
    polls: int


def measure_lag(
    settings: Settings,
    settings_env: dict[str, str],
    app: Ducha,
    engine: Engine,
    filler: Filler,
    rate: float,
    seconds: float,
) -> LagResult:
    names = [p.name for p in build_projections(app)]
    logfile = settings.data_dir / "projector.log"
    poll_engine = make_engine(settings.sqlalchemy_url, pool_size=1)
    old_interval = sys.getswitchinterval()
    try:
        db_init(settings_env)  # again: idempotent, and the tree may have gained tables since
        with projector_process(settings_env, logfile) as proc:
            # Ready once it has projected a fresh command into every projection.
            ready_id = app.post_note(OFFICE, filler.cases[0], "基准测试：投影进程就绪检查")
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"the projector exited early; see {logfile}")
                try:
                    for name in names:
                        wait_for(engine, name, ready_id, timeout=0.5)
                    break
                except TimeoutError:
                    if time.monotonic() > deadline:
                        raise
            log(f"projector pid {proc.pid} ready; writing {rate:g} commands/s for {seconds:g}s")
            sys.setswitchinterval(0.0005)  # the poller thread gets the GIL promptly
            poller = PositionPoller(poll_engine, names)
            poller.start()
            try:
                commands, achieved = paced_commands(app, filler, rate, seconds)
                last = max(i for i, _ in commands)
                try:
                    for name in names:
                        wait_for(engine, name, last, timeout=30)
                except TimeoutError as exc:
                    log(f"the projector did not catch up within 30 s: {exc}")
                time.sleep(0.05)
            finally:
                poller.stop.set()
                poller.join(timeout=5)
                sys.setswitchinterval(old_interval)
            stopped = {n: p.error for n, p in read_positions(engine).items() if p.error}
            if stopped:
                raise RuntimeError(f"projections stopped during the lag run: {stopped}")
    finally:
        poll_engine.dispose()
    lags, missed = {}, {}
    for name in names:
        lags[name], missed[name] = poller.lags(name, commands)
    # "all": the moment the slowest projection of the set reached the command.
    all_lags = [max(per) for per in zip(*(lags[n] for n in names), strict=False)]
    if all(missed[n] == 0 for n in names):
        lags["all"], missed["all"] = all_lags, 0
    return LagResult(achieved, len(commands), lags, missed, poller.polls)


# -- one backend ----------------------------------------------------------------------------------


@dataclass
class Result:
    backend: str
    requested: int
    events: int
    bare_rates: list[float]
    rebuild_rates: list[float]
    lag: LagResult | None = None

    @property
    def bare(self) -> float:
        return statistics.median(self.bare_rates)

    @property
    def rebuilt(self) -> float:
        return statistics.median(self.rebuild_rates)

    @property
    def ratio(self) -> float:
        return self.rebuilt / self.bare


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class Backend:
    """One backend's store, read side and fill, open for the whole run."""

    def __init__(self, label: str, env: dict[str, str]) -> None:
        self.label = label
        self.env = env
        self.settings = load_settings(env)
        db_init(env)
        self.services = Services(self.settings)
        self.app, self.engine = self.services.app, self.services.engine
        self.filler = Filler(self.services)
        self.per_event = 0.0  # seconds of (a) per notification, from the probe

    def close(self) -> None:
        self.filler.close()
        self.services.close()

    def probe(self, events: int, rounds: int) -> None:
        """Fill a little, time one rebuild and one bare pass: the cost of (a) per event."""
        count, spent_fill = timed(lambda: self.filler.fill_to(events))
        _, spent_rebuild = timed(lambda: rebuild(self.app, self.engine))
        _, spent_bare = timed(lambda: bare_read(self.app))
        self.per_event = (spent_fill + rounds * spent_rebuild + (rounds + 1) * spent_bare) / count
        log(
            f"{self.label}: probe of {count:,} events: fill {count / spent_fill:,.0f} ev/s,"
            f" rebuild {count / spent_rebuild:,.0f} ev/s, bare {count / spent_bare:,.0f} ev/s"
        )

    def run(self, requested: int, events: int, args: argparse.Namespace) -> Result:
        label, app, engine = self.label, self.app, self.engine
        t0 = time.perf_counter()
        events = self.filler.fill_to(events)
        log(f"{label}: {events:,} notifications, {len(self.filler.cases):,} cases")
        bare_rates: list[float] = []
        rebuild_rates: list[float] = []
        bare_read(app)  # warm the page cache and the decoder once, untimed
        for r in range(args.rounds):
            count, spent = timed(lambda: bare_read(app))
            bare_rates.append(count / spent)
            log(f"{label}: round {r + 1}: bare read+decode {count:,} in {spent:.2f}s")
            count, spent = timed(lambda: rebuild(app, engine))
            rebuild_rates.append(count / spent)
            log(f"{label}: round {r + 1}: rebuild {count:,} in {spent:.1f}s")
        log(f"{label}: (a) done in {time.perf_counter() - t0:.1f}s")
        result = Result(label, requested, events, bare_rates, rebuild_rates)
        if args.lag_seconds > 0:
            t0 = time.perf_counter()
            result.lag = measure_lag(
                self.settings,
                self.env,
                app,
                engine,
                self.filler,
                args.rate,
                args.lag_seconds,
            )
            log(f"{label}: (b) done in {time.perf_counter() - t0:.1f}s")
        return result


def choose_events(backends: list[Backend], args: argparse.Namespace, left: float) -> int:
    """N: the requested count, or the most that fits what is left of the budget on all."""
    budget_a = left - len(backends) * (args.lag_seconds + LAG_OVERHEAD)
    fits = int(SAFETY * budget_a / sum(b.per_event for b in backends)) // 1000 * 1000
    log(f"{budget_a:.0f}s left for (a) on {len(backends)} backends: N up to about {fits:,}")
    return max(PROBE_EVENTS, min(int(args.events), fits))


# -- backends -------------------------------------------------------------------------------------


@contextmanager
def sqlite_env() -> Iterator[dict[str, str]]:
    tmp = tempfile.mkdtemp(prefix="ducha_readside_")
    try:
        yield {"DUCHA_DATA_DIR": tmp, "SECRET_KEY": SECRET_KEY}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def postgres_env() -> Iterator[dict[str, str]]:
    tmp = tempfile.mkdtemp(prefix="ducha_readside_pg_")
    try:
        with throwaway_database("ducha_readside") as dbname:
            yield {
                "DUCHA_DATA_DIR": tmp,
                "SECRET_KEY": SECRET_KEY,
                "DATABASE_URL": f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}",
            }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- profiling ------------------------------------------------------------------------------------


def profile_rebuild(events: int) -> None:
    """cProfile of one rebuild on SQLite, top entries by own and by cumulative time."""
    with sqlite_env() as env:
        backend = Backend("sqlite", env)
        try:
            backend.filler.fill_to(events)
            rebuild(backend.app, backend.engine)  # warm
            profiler = cProfile.Profile()
            profiler.enable()
            count = rebuild(backend.app, backend.engine)
            profiler.disable()
        finally:
            backend.close()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print(f"\n### cProfile: rebuild of {count:,} notifications on SQLite\n")
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


# -- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="notifications to fill")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per side")
    parser.add_argument("--rate", type=float, default=200.0, help="commands/s during (b)")
    parser.add_argument("--lag-seconds", type=float, default=20.0, help="length of (b)")
    parser.add_argument(
        "--budget", type=float, default=480.0, help="seconds for the whole run; N shrinks to fit"
    )
    parser.add_argument("--profile", action="store_true", help="also cProfile a SQLite rebuild")
    parser.add_argument("--run-projector", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_projector:
        run_projector_here()
        return

    print("# Ducha read-side benchmark\n")
    print(
        f"python {platform.python_version()} ({platform.python_implementation()}),"
        f" eventsourcing {dist_version('eventsourcing')},"
        f" SQLAlchemy {dist_version('sqlalchemy')}, psycopg {dist_version('psycopg')},"
        f" sqlite {sqlite3.sqlite_version}, cpus {os.cpu_count()}, {platform.platform()};"
        f" load average at start {load_average()}"
    )
    envs: list[tuple[str, Callable[[], Any]]] = [("sqlite", sqlite_env)]
    try:
        print(f"PostgreSQL {postgres_version()} at {PG_HOST}:{PG_PORT}")
        envs.append(("postgres", postgres_env))
    except Exception as exc:
        print(f"PostgreSQL skipped: cannot reach {PG_HOST}:{PG_PORT} ({exc!r})")

    started = time.perf_counter()
    results: list[Result] = []
    with ExitStack() as stack:
        backends: list[Backend] = []
        for label, make_env in envs:
            backend = Backend(label, stack.enter_context(make_env()))
            stack.callback(backend.close)
            backends.append(backend)
        for backend in backends:
            backend.probe(min(args.events, PROBE_EVENTS), args.rounds)
        events = choose_events(backends, args, args.budget - (time.perf_counter() - started))
        names = [p.name for p in build_projections(backends[0].app)]
        projector = (
            "flask --app wsgi projections run"
            if flask_cli_works(backends[0].env)
            else "python bench/readside.py --run-projector (the CLI's code; `flask --app wsgi`"
            " did not load in this working tree)"
        )
        if events < args.events:
            log(f"{args.events:,} events do not fit in {args.budget:.0f}s; N = {events:,}")
        print(
            f"\nN = {events:,} notifications (requested {args.events:,}"
            f"{'' if events >= args.events else '; reduced to fit the time budget'}),"
            f" about {EVENTS_PER_CASE} per case, {CASES_PER_DAY} cases per back-dated day."
            f" (a) {args.rounds} alternating rounds of bare read+decode and rebuild of all"
            f" {len(names)} projections ({', '.join(names)}), medians shown;"
            f" (b) {args.rate:g} commands/s for {args.lag_seconds:g}s"
            f" against `{projector}` in its own process, positions polled"
            f" every {POLL_INTERVAL * 1000:g} ms; the table's lag is `{LAG_PROJECTION}`'s.\n"
        )
        for backend in backends:
            t0 = time.perf_counter()
            results.append(backend.run(args.events, events, args))
            log(f"{backend.label}: done in {time.perf_counter() - t0:.1f}s")
    report_results(results, args)
    print(f"\ntotal {time.perf_counter() - started:.1f}s; load average at end {load_average()}")
    if args.profile:
        profile_rebuild(min(args.events, 10_000))


def report_results(results: list[Result], args: argparse.Namespace) -> None:
    print(
        "| backend | events | bare read+decode ev/s | rebuild ev/s | ratio |"
        " achieved cmd/s | lag p50 ms | lag p99 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        lag = r.lag
        if lag is not None and lag.lags[LAG_PROJECTION]:
            lags = lag.lags[LAG_PROJECTION]
            cells = (
                f"{lag.rate:,.1f} | {percentile(lags, 0.5) * 1000:.1f} |"
                f" {percentile(lags, 0.99) * 1000:.1f}"
            )
        else:
            cells = "- | - | -"
        print(
            f"| {r.backend} | {r.events:,} | {r.bare:,.0f} | {r.rebuilt:,.0f} |"
            f" {r.ratio:.3f} | {cells} |"
        )
    print()
    goals = {"sqlite": 1.0, "postgres": 0.5}
    for r in results:
        bare = ", ".join(f"{x:,.0f}" for x in r.bare_rates)
        rebuilt = ", ".join(f"{x:,.0f}" for x in r.rebuild_rates)
        print(f"- {r.backend}: rounds bare [{bare}] ev/s, rebuild [{rebuilt}] ev/s;")
        print(f"  rebuild/bare ratio goal >= 0.3 {'met' if r.ratio >= 0.3 else 'NOT met'}")
        if r.lag is None:
            continue
        lag = r.lag
        print(
            f"  (b) {lag.commands:,} commands at {lag.rate:,.1f}/s"
            f" (goal {args.rate:g}/s), {lag.polls:,} position polls;"
        )
        for name, values in lag.lags.items():
            if not values:
                continue
            missed = f", {lag.missed[name]} never reached" if lag.missed.get(name) else ""
            print(
                f"    lag {name:<12} p50 {percentile(values, 0.5) * 1000:7.1f} ms,"
                f" p90 {percentile(values, 0.9) * 1000:7.1f} ms,"
                f" p99 {percentile(values, 0.99) * 1000:7.1f} ms,"
                f" max {max(values) * 1000:7.1f} ms{missed}"
            )
        p99 = percentile(lag.lags[LAG_PROJECTION], 0.99) if lag.lags[LAG_PROJECTION] else 1e9
        goal = goals[r.backend]
        print(
            f"  {LAG_PROJECTION} lag p99 goal < {goal * 1000:.0f} ms on {r.backend}"
            f" {'met' if p99 < goal else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
