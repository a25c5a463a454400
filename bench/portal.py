"""Benchmark complaint submissions through gunicorn against a trivial endpoint, with wrk.

Run from the repository root (needs wrk: `apt-get install -y wrk`):

    PYTHONPATH=. .venv/bin/python bench/portal.py [--duration S] [--rounds R]
        [--connections C] [--profile]

For each backend (SQLite files in a throwaway DUCHA_DATA_DIR, then PostgreSQL at 127.0.0.1:5432
as user postgres in a throwaway database dropped at the end) it runs `flask --app wsgi db init`,
starts `gunicorn --workers 2 'wsgi:create_web_app()'` on a free port (report rate limit lifted)
and drives it with wrk and bench/portal_submit.lua, C connections with one wrk thread each:

  trivial: GET /healthz of the same gunicorn, which answers {"status":"ok"};
  portal:  each connection plays one new visitor after another: GET /report (no cookie), take
           the session cookie and the hidden csrf_token, POST /report (urlencoded, no photos),
           varying category, district, township and contact details.

submissions/s counts the POSTs answered 303 (case stored) per second of the run; the connections
spend about half their requests on GET /report, which is part of what each submission costs.
Submit p50/p99 are the POST latencies alone, trivial p50/p99 those of /healthz; each is timed
by the Lua script from the request to its complete response (connect time not included, as in
wrk's own histogram). After a short warm-up of both, the trivial endpoint and the portal run in
alternation (trivial, portal, trivial, portal, ...), R rounds of S seconds each; the table shows
the median of the rounds. Afterwards the store's Case.Reported events are counted and must equal
the 303 answers plus the POSTs still in flight when a wrk run stopped (wrk drops them unanswered,
gunicorn completes them); errors are answers outside 2xx/3xx plus wrk's socket errors and timeouts.
`--profile` adds an in-process cProfile of the GET+POST cycle (Flask test client, SQLite).
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import platform
import pstats
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any

from bench.common import PG_HOST, PG_PORT, PG_USER, postgres_version, throwaway_database

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LUA = Path(__file__).resolve().parent / "portal_submit.lua"
RATE_LIMIT = "1000000 per minute"
WORKERS = 2
WARMUP_SECONDS = 3
DRAIN_SECONDS = 3
REPORTED_TOPIC = "core.case.aggregate:Case.Reported"
GOAL_RATE, GOAL_P99_MS = 150.0, 300.0


# -- one wrk run ----------------------------------------------------------------------------------


@dataclass
class LoadRun:
    """What one wrk run saw: every timed response, and wrk's own summary."""

    mode: str
    duration_s: float
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    wrk_errors: dict[str, int] = field(default_factory=dict)
    cutoff: Counter[str] = field(default_factory=Counter)  # in flight when the run ended

    def count(self, kind: str, status: int | None = None) -> int:
        return sum(n for (k, s), n in self.statuses.items() if k == kind and status in (None, s))

    def rate(self, kind: str, status: int | None = None) -> float:
        return self.count(kind, status) / self.duration_s

    def percentile_ms(self, kind: str, q: float) -> float:
        """Nearest-rank percentile of the responses of one kind (q in 0..100)."""
        values = sorted(self.latencies.get(kind, []))
        if not values:
            return math.nan
        return values[max(0, math.ceil(q / 100 * len(values)) - 1)]

    @property
    def bad_statuses(self) -> int:
        return sum(n for (_k, s), n in self.statuses.items() if not 200 <= s < 400)

    @property
    def socket_errors(self) -> int:
        return sum(v for k, v in self.wrk_errors.items() if k != "status")


def run_wrk(base_url: str, mode: str, connections: int, seconds: int) -> LoadRun:
    with tempfile.NamedTemporaryFile(prefix="ducha_wrk_", suffix=".txt", delete=False) as out:
        out_path = out.name
    try:
        command = [
            "wrk",
            f"--threads={connections}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={LUA}",
            base_url,
            "--",
            mode,
        ]
        done = subprocess.run(
            command, env={**os.environ, "BENCH_OUT": out_path}, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
        return parse_wrk_output(mode, Path(out_path).read_text(encoding="utf-8"))
    finally:
        os.unlink(out_path)


def parse_wrk_output(mode: str, text: str) -> LoadRun:
    summary: dict[str, int] = {}
    statuses: Counter[tuple[str, int]] = Counter()
    latencies: dict[str, list[float]] = {}
    cutoff: Counter[str] = Counter()
    for line in text.splitlines():
        parts = line.split()
        if parts[0] == "summary":
            summary[parts[1]] = int(parts[2])
        elif parts[0] == "lat":
            kind, status, ms = parts[1], int(parts[2]), float(parts[3])
            statuses[(kind, status)] += 1
            latencies.setdefault(kind, []).append(ms)
        elif parts[0] == "cutoff":
            cutoff[parts[1]] += 1
    errors = {k.removeprefix("errors_"): v for k, v in summary.items() if k.startswith("errors_")}
    return LoadRun(mode, summary["duration_us"] / 1e6, statuses, latencies, errors, cutoff)


def wrk_version() -> str | None:
    """wrk's version line, or None when wrk is not installed."""
    if shutil.which("wrk") is None:
        return None
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    first = (done.stdout or done.stderr).strip().splitlines()
    match = re.search(r"wrk\s+(\S+)", first[0]) if first else None
    return match.group(1) if match else "unknown version"


# -- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def flask_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed: {done.stderr or done.stdout}")
    return done.stdout.strip()


def wait_healthy(url: str, server: subprocess.Popen[bytes] | None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url}/healthz within {timeout:.0f}s")


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """A gunicorn with WORKERS sync workers serving the app; yields its base URL."""
    port = free_port()
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "wsgi:create_web_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, server)
            yield url
        except BaseException:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            print(f"--- gunicorn log (tail) ---\n{tail}", file=sys.stderr)
            raise
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


# -- backends -------------------------------------------------------------------------------------


def base_env(data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUCHA_DATA_DIR")}
    env.update(
        DUCHA_DATA_DIR=data_dir,
        SECRET_KEY=secrets.token_urlsafe(32),
        DUCHA_REPORT_RATE_LIMIT=RATE_LIMIT,
        PYTHONPATH=str(ROOT),
    )
    return env


@contextmanager
def sqlite_env() -> Iterator[dict[str, str]]:
    tmp = tempfile.mkdtemp(prefix="ducha_portal_bench_")
    try:
        yield base_env(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def postgres_env() -> Iterator[dict[str, str]]:
    tmp = tempfile.mkdtemp(prefix="ducha_portal_bench_")
    try:
        with throwaway_database("ducha_portal_bench") as dbname:
            env = base_env(tmp)
            env["DATABASE_URL"] = f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}"
            yield env
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def count_cases(env: dict[str, str]) -> int:
    """Case.Reported events in the store, read through the application's recorder."""
    from core.service.application import Ducha
    from core.settings import load_settings

    app = Ducha(load_settings(env).event_store_env())
    try:
        total, start = 0, 1
        while True:
            page = app.recorder.select_notifications(
                start=start, limit=10_000, topics=[REPORTED_TOPIC]
            )
            total += len(page)
            if len(page) < 10_000:
                return total
            start = page[-1].id + 1
    finally:
        app.close()


# -- one backend ----------------------------------------------------------------------------------


@dataclass
class Result:
    backend: str
    trivial: list[LoadRun]
    portal: list[LoadRun]
    warmup: list[LoadRun]
    cases_stored: int

    @property
    def all_runs(self) -> list[LoadRun]:
        return [*self.warmup, *self.trivial, *self.portal]

    @property
    def answers_303(self) -> int:
        return sum(r.count("post", 303) for r in self.all_runs)

    @property
    def posts_cut_off(self) -> int:
        """POSTs sent but still unanswered when wrk stopped: the server stores them all the same."""
        return sum(r.cutoff["post"] for r in self.all_runs)

    @property
    def consistent(self) -> bool:
        return self.cases_stored == self.answers_303 + self.posts_cut_off

    @property
    def errors(self) -> int:
        return sum(r.bad_statuses + r.socket_errors for r in self.all_runs)

    @property
    def other_posts(self) -> Counter[int]:
        """POST answers other than 303, e.g. 200 for the "is it one of these?" page."""
        found: Counter[int] = Counter()
        for run in self.all_runs:
            for (kind, status), n in run.statuses.items():
                if kind == "post" and status != 303:
                    found[status] += n
        return found

    def median(self, runs: list[LoadRun], fn: Callable[[LoadRun], float]) -> float:
        return statistics.median(fn(r) for r in runs)

    @property
    def trivial_rate(self) -> float:
        return self.median(self.trivial, lambda r: r.rate("healthz"))

    def trivial_ms(self, q: float) -> float:
        return self.median(self.trivial, lambda r: r.percentile_ms("healthz", q))

    @property
    def submit_rate(self) -> float:
        return self.median(self.portal, lambda r: r.rate("post", 303))

    def submit_ms(self, q: float) -> float:
        return self.median(self.portal, lambda r: r.percentile_ms("post", q))

    def form_ms(self, q: float) -> float:
        return self.median(self.portal, lambda r: r.percentile_ms("get", q))


def bench_backend(
    label: str, env: dict[str, str], connections: int, seconds: int, rounds: int
) -> Result:
    t0 = time.perf_counter()
    print(f"  {label}: {flask_cli(env, 'db', 'init')}", file=sys.stderr)
    trivial: list[LoadRun] = []
    portal: list[LoadRun] = []
    with gunicorn(env, Path(env["DUCHA_DATA_DIR"]) / "gunicorn.log") as url:
        print(
            f"  {label}: gunicorn up at {url} after {time.perf_counter() - t0:.1f}s",
            file=sys.stderr,
        )
        warmup = [
            run_wrk(url, "submit", connections, WARMUP_SECONDS),
            run_wrk(url, "healthz", connections, WARMUP_SECONDS),
        ]
        stored = warmup[0].count("post", 303)
        for r in range(rounds):
            trivial.append(run_wrk(url, "healthz", connections, seconds))
            before = stored
            portal.append(run_wrk(url, "submit", connections, seconds))
            stored += portal[-1].count("post", 303)
            print(
                f"  {label}: round {r + 1}: trivial {trivial[-1].rate('healthz'):,.0f} req/s"
                f" p99 {trivial[-1].percentile_ms('healthz', 99):.1f} ms;"
                f" portal {portal[-1].rate('post', 303):,.1f} submissions/s"
                f" p50 {portal[-1].percentile_ms('post', 50):.0f}"
                f" p99 {portal[-1].percentile_ms('post', 99):.0f} ms"
                f" (store held {before:,} cases at the start)",
                file=sys.stderr,
            )
        # POSTs that wrk left in flight may still wait in the listen backlog: let gunicorn finish
        # them before SIGTERM, which would drop them unaccepted.
        time.sleep(DRAIN_SECONDS)
        wait_healthy(url, None)
    cases = count_cases(env)
    print(f"  {label}: done in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return Result(label, trivial, portal, warmup, cases)


# -- profiling ------------------------------------------------------------------------------------


def profile_cycles(preload: int, cycles: int) -> None:
    """cProfile of GET /report + POST /report in-process on SQLite, after `preload` reports."""
    with sqlite_env() as env:
        flask_cli(env, "db", "init")
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            from wsgi import create_web_app

            client_app = create_web_app()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

        def cycle(i: int) -> None:
            client = client_app.test_client()
            page = client.get("/report").get_data(as_text=True)
            found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            assert found, "no csrf_token in the form"
            answer = client.post(
                "/report",
                data={
                    "csrf_token": found.group(1),
                    "categories": "water",
                    "district": "jc.qingfeng",
                    "township": "jc.qingfeng.baihe",
                    "address": "白河路1号",
                    "description": f"河道发黑发臭（剖析 {i}）",
                    "name": "居民",
                    "phone": "13800000000",
                    "website": "",
                },
            )
            assert answer.status_code == 303, answer.status_code

        for i in range(preload):
            cycle(i)
        profiler = cProfile.Profile()
        t0 = time.perf_counter()
        profiler.enable()
        for i in range(cycles):
            cycle(preload + i)
        profiler.disable()
        spent = time.perf_counter() - t0
        client_app.extensions["ducha"].close()
    print(
        f"\n### cProfile: {cycles} GET+POST /report cycles in-process on SQLite after"
        f" {preload} reports today ({spent / cycles * 1000:.1f} ms a cycle under the profiler)\n"
    )
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(12)


# -- main -----------------------------------------------------------------------------------------


def goal_line(r: Result) -> str:
    rate_ok = r.submit_rate >= GOAL_RATE
    p99_ok = r.submit_ms(99) < GOAL_P99_MS
    verdict = "met" if rate_ok and p99_ok else "NOT met"
    return (
        f"goal >= {GOAL_RATE:.0f} submissions/s with p99 < {GOAL_P99_MS:.0f} ms: {verdict}"
        f" ({r.submit_rate:,.1f}/s {'ok' if rate_ok else 'short'},"
        f" p99 {r.submit_ms(99):,.0f} ms {'ok' if p99_ok else 'over'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per side")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (= threads)")
    parser.add_argument("--profile", action="store_true", help="also cProfile the form cycle")
    args = parser.parse_args()

    wrk = wrk_version()
    if wrk is None:
        print("bench/portal.py needs wrk: apt-get install -y wrk", file=sys.stderr)
        sys.exit(2)
    tool = f"wrk {wrk} + Lua"

    print("# Ducha portal benchmark: complaint submissions through gunicorn\n")
    print(
        f"python {platform.python_version()}, gunicorn {dist_version('gunicorn')}"
        f" ({WORKERS} sync workers), flask {dist_version('flask')},"
        f" eventsourcing {dist_version('eventsourcing')}, psycopg {dist_version('psycopg')},"
        f" sqlite {sqlite3.sqlite_version}, {tool}, cpus {os.cpu_count()}, {platform.platform()}"
    )
    backends: list[tuple[str, Callable[[], Any]]] = [("sqlite", sqlite_env)]
    try:
        print(f"PostgreSQL {postgres_version()} at {PG_HOST}:{PG_PORT}")
        backends.append(("postgres", postgres_env))
    except Exception as exc:
        print(f"PostgreSQL skipped: cannot reach {PG_HOST}:{PG_PORT} ({exc!r})")
    print(
        f"\nwrk on the same machine, {args.connections} connections (one thread each);"
        f" {WARMUP_SECONDS}s warm-up of each side, then {args.rounds} rounds of"
        f" trivial, portal ({args.duration}s each); medians of the rounds shown."
        f" Trivial: GET /healthz. Submissions/s: POST /report answered 303 per second, while"
        f" each connection alternates GET /report (new visitor: cookie + csrf_token) and POST;"
        f" submit p50/p99: the POSTs alone. Errors: answers outside 2xx/3xx + wrk socket"
        f" errors/timeouts, over all runs.\n"
    )

    results: list[Result] = []
    started = time.perf_counter()
    for label, make_env in backends:
        with make_env() as env:
            results.append(bench_backend(label, env, args.connections, args.duration, args.rounds))

    print(
        "| backend | tool | trivial req/s | trivial p50/p99 ms | submissions/s |"
        " submit p50/p99 ms | cases stored | errors |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        check = "=" if r.consistent else "≠"
        print(
            f"| {r.backend} | {tool} | {r.trivial_rate:,.0f} |"
            f" {r.trivial_ms(50):.1f} / {r.trivial_ms(99):.1f} | {r.submit_rate:,.1f} |"
            f" {r.submit_ms(50):,.0f} / {r.submit_ms(99):,.0f} |"
            f" {r.cases_stored:,} {check} {r.answers_303:,} 303s + {r.posts_cut_off} cut off |"
            f" {r.errors} |"
        )
    print()
    for r in results:
        subs = ", ".join(f"{x.rate('post', 303):,.1f}" for x in r.portal)
        p99s = ", ".join(f"{x.percentile_ms('post', 99):,.0f}" for x in r.portal)
        triv = ", ".join(f"{x.rate('healthz'):,.0f}" for x in r.trivial)
        other = ", ".join(f"{n} × {s}" for s, n in sorted(r.other_posts.items())) or "none"
        print(f"- {r.backend}: rounds: submissions/s [{subs}], submit p99 ms [{p99s}],")
        print(
            f"  trivial req/s [{triv}]; GET /report (form) p50/p99"
            f" {r.form_ms(50):,.0f} / {r.form_ms(99):,.0f} ms;"
            f" submissions/s over trivial req/s {r.submit_rate / r.trivial_rate:.3f};"
        )
        consistent = "ok" if r.consistent else "MISMATCH"
        print(
            f"  cases stored {r.cases_stored:,} vs 303 answers {r.answers_303:,}"
            f" + {r.posts_cut_off} POSTs in flight when a wrk run ended (warm-up included):"
            f" {consistent};"
            f" POST answers other than 303: {other};"
            f" errors {r.errors} ({'ok' if r.errors == 0 else 'must be 0'})"
        )
        if r.backend == "sqlite":
            print(f"  {goal_line(r)}")
    print(f"\ntotal {time.perf_counter() - started:.1f}s")

    if args.profile:
        profile_cycles(preload=500, cycles=100)


if __name__ == "__main__":
    main()
