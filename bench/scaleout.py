"""Benchmark complaint submissions through one gunicorn server against two, on one PostgreSQL.

Run from the repository root (needs wrk and the local PostgreSQL, as bench/portal.py):

    PYTHONPATH=. .venv/bin/python bench/scaleout.py [--duration S] [--rounds R] [--connections C]

In a throwaway database it runs `db init`, starts the projector (`projections run`) and two
gunicorn servers of two sync workers each on loopback ports, then drives them with wrk and
bench/portal_submit.lua in alternation, R rounds of S seconds each:

  one server:  C connections against server A;
  two servers: C/2 connections against A and C/2 against B at the same time.

submissions/s counts the POSTs answered 303 per second (both servers' together for "two"); the
table shows the median of the rounds and the ratio two/one. Both runs share the machine's cores
with PostgreSQL, the projector and wrk, so on one host the ratio shows what the second server
costs or gains there, not what a second host would add. Afterwards the store's Case.Reported
events must equal the 303 answers plus the POSTs wrk left in flight.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from bench.common import postgres_version
from bench.portal import (
    BIN,
    DRAIN_SECONDS,
    ROOT,
    WORKERS,
    LoadRun,
    count_cases,
    flask_cli,
    gunicorn,
    postgres_env,
    run_wrk,
    wrk_version,
)


def submissions(runs: list[LoadRun]) -> float:
    """Submissions per second of runs that went on at the same time, added up."""
    return sum(r.rate("post", 303) for r in runs)


def stored_by(runs: list[LoadRun]) -> int:
    return sum(r.count("post", 303) + r.cutoff["post"] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if wrk_version() is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    one: list[float] = []
    two: list[float] = []
    runs: list[LoadRun] = []
    with postgres_env() as env:
        with ExitStack() as stack:
            load(env, stack, args, runs, one, two)
        cases, answered = count_cases(env), stored_by(runs)
    median_one, median_two = statistics.median(one), statistics.median(two)
    print(
        f"\nDucha scale-out, PostgreSQL {postgres_version()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, wrk {wrk_version()}, {WORKERS} workers per server, "
        f"{args.connections} connections, {args.rounds} rounds of {args.duration}s (median)\n"
    )
    print("| layout | submissions/s | ratio to one server |")
    print("|---|---:|---:|")
    print(f"| one gunicorn server | {median_one:,.1f} | 1.00 |")
    print(f"| two gunicorn servers | {median_two:,.1f} | {median_two / median_one:.2f} |")
    verdict = "consistent" if cases == answered else "INCONSISTENT"
    print(f"\ncases stored {cases:,}, answered 303 or cut off {answered:,}: {verdict}")
    if cases != answered:
        sys.exit(1)


def load(
    env: dict[str, str],
    stack: ExitStack,
    args: argparse.Namespace,
    runs: list[LoadRun],
    one: list[float],
    two: list[float],
) -> None:
    """The projector and two servers up, then the rounds: one server alone, then both."""
    half = max(1, args.connections // 2)
    data = Path(env["DUCHA_DATA_DIR"])
    flask_cli(env, "db", "init")
    with (data / "projector.log").open("wb") as log:
        projector = subprocess.Popen(
            [str(BIN / "flask"), "--app", "wsgi", "projections", "run"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    stack.callback(projector.wait)
    stack.callback(projector.terminate)
    servers = [
        stack.enter_context(
            gunicorn({**env, "PROMETHEUS_MULTIPROC_DIR": str(data / name)}, data / f"{name}.log")
        )
        for name in ("a", "b")
    ]
    runs += [run_wrk(url, "submit", args.connections, 3) for url in servers]  # warm-up
    with ThreadPoolExecutor(2) as pool:
        for r in range(args.rounds):
            alone = run_wrk(servers[0], "submit", args.connections, args.duration)
            both = list(pool.map(lambda url: run_wrk(url, "submit", half, args.duration), servers))
            runs += [alone, *both]
            one.append(submissions([alone]))
            two.append(submissions(both))
            print(
                f"  round {r + 1}: one server {one[-1]:,.1f}/s, two servers {two[-1]:,.1f}/s",
                file=sys.stderr,
            )
    time.sleep(DRAIN_SECONDS)  # POSTs wrk left in flight still complete


if __name__ == "__main__":
    main()
