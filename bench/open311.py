"""Benchmark GET /open311/v2/requests.json (a page of 100) through gunicorn against a trivial
endpoint of the same gunicorn, with wrk, on SQLite and PostgreSQL.

Run from the repository root (needs wrk: `apt-get install -y wrk`):

    PYTHONPATH=. .venv/bin/python bench/open311.py [--cases N] [--duration S] [--rounds R]
        [--connections C]

For each backend (SQLite files in a throwaway DUCHA_DATA_DIR, then a throwaway PostgreSQL
database at 127.0.0.1:5432, dropped at the end) it runs `flask --app wsgi db init`, reports N
resident complaints and accepts them (so they are public), catches the projections up, starts
`gunicorn --workers 2 'wsgi:create_web_app()'` and drives it with wrk (C connections, one
thread each): the trivial endpoint GET /healthz and GET /open311/v2/requests.json?page_size=100
in alternation, R rounds of S seconds each after a short warm-up; the table shows the median
requests per second of the rounds and the ratio of the two. Every Open311 answer must be 200
with 100 requests in it, checked once before the load and through wrk's non-2xx count.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib.metadata import version as dist_version
from pathlib import Path

from bench.common import postgres_version
from bench.portal import flask_cli, gunicorn, postgres_env, sqlite_env, wrk_version
from core.domain.roles import Actor, Role
from core.domain.values import Category, Origin, Place
from core.settings import load_settings
from stores.services import Services

OPEN311 = "/open311/v2/requests.json?page_size=100"
TRIVIAL = "/healthz"
WARMUP_SECONDS = 2
CATEGORIES = list(Category)
DISTRICTS = ["jc.donghu", "jc.xishan", "jc.nanhe"]


@dataclass
class Run:
    rate: float
    non_2xx: int


def seed(env: dict[str, str], count: int) -> None:
    """`count` complaints reported by residents and accepted by the intake desk."""
    services = Services(load_settings(env))
    app = services.app
    resident = Actor("public", services.tree.root.id, Role.RESIDENT)
    intake = Actor("bench-intake", services.tree.root.id, Role.INTAKE)
    try:
        for i in range(count):
            receipt = app.report(
                resident,
                origin=Origin.RESIDENT_COMPLAINT,
                title=f"基准测试投诉 {i}",
                description=f"第 {i} 件：河道异味，夜间排污。",
                categories=[CATEGORIES[i % len(CATEGORIES)]],
                place=Place(DISTRICTS[i % len(DISTRICTS)], None, f"测试路 {i} 号"),
            )
            app.accept(intake, receipt.case_id)
    finally:
        services.close()


def wrk(url: str, connections: int, seconds: int) -> Run:
    command = [
        "wrk",
        f"--threads={connections}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if rate is None:
        raise RuntimeError(f"wrk printed no rate:\n{out}")
    return Run(float(rate.group(1)), int(bad.group(1)) if bad else 0)


def check_page(base: str) -> None:
    with urllib.request.urlopen(base + OPEN311, timeout=10) as answer:
        items = json.loads(answer.read())
    if len(items) != 100:
        raise RuntimeError(f"expected a page of 100 requests, got {len(items)}")


def bench_backend(
    label: str,
    env_factory: Callable[[], AbstractContextManager[dict[str, str]]],
    args: argparse.Namespace,
) -> tuple[float, float, int]:
    with env_factory() as env:
        flask_cli(env, "db", "init")
        seed(env, args.cases)
        flask_cli(env, "projections", "catch-up")
        with gunicorn(env, Path(env["DUCHA_DATA_DIR"]) / "gunicorn.log") as base:
            check_page(base)
            for path in (TRIVIAL, OPEN311):
                wrk(base + path, args.connections, WARMUP_SECONDS)
            trivial, open311 = [], []
            for _ in range(args.rounds):
                trivial.append(wrk(base + TRIVIAL, args.connections, args.duration))
                open311.append(wrk(base + OPEN311, args.connections, args.duration))
    bad = sum(r.non_2xx for r in trivial + open311)
    rate_t = statistics.median(r.rate for r in trivial)
    rate_o = statistics.median(r.rate for r in open311)
    print(f"  {label}: trivial {rate_t:,.0f}/s, Open311 page of 100 {rate_o:,.0f}/s", flush=True)
    return rate_t, rate_o, bad


def backends(
    only: str | None,
) -> Iterator[tuple[str, Callable[[], AbstractContextManager[dict[str, str]]]]]:
    if only in (None, "sqlite"):
        yield "SQLite", sqlite_env
    if only in (None, "postgres"):
        yield f"PostgreSQL {postgres_version()}", postgres_env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    print("# Ducha Open311 benchmark: a page of 100 requests through gunicorn\n")
    print(
        f"python {platform.python_version()}, gunicorn {dist_version('gunicorn')} (2 workers), "
        f"{wrk_version() or 'wrk'}, {args.cases} public cases, {args.connections} connections, "
        f"median of {args.rounds} rounds of {args.duration} s\n",
        flush=True,
    )
    rows = []
    for label, factory in backends(args.backend):
        rows.append((label, *bench_backend(label, factory, args)))
    print("\n| backend | trivial (/healthz) req/s | requests.json (100) req/s | ratio | non-2xx |")
    print("|---|---:|---:|---:|---:|")
    for label, trivial, open311, bad in rows:
        print(f"| {label} | {trivial:,.0f} | {open311:,.0f} | {open311 / trivial:.3f} | {bad} |")


if __name__ == "__main__":
    main()
