"""Benchmark the ledger's verify against raw hashlib over the same stored bytes.

Run from the repository root:

    PYTHONPATH=. .venv/bin/python bench/ledger.py [--events N] [--rounds R]

For each backend (SQLite file, then PostgreSQL at 127.0.0.1:5432 as user postgres in a
throwaway database that is dropped at the end):

  1. 40 real cases are played through Ducha (report … rectifying, progress reports: 20 events
     each). Writing 100,000 events through the application would take minutes, so the store's
     table is then filled directly: the real events are cloned under fresh case ids, round
     robin, each with a fresh increasing timestamp in its JSON, until it holds N events (the
     bytes are what Ducha writes; only the case ids and times differ).
  2. A checkpoint of the whole log is signed with a fresh Ed25519 key.
  3. Timed, alternating, R rounds each:
     (a) verify: read the stored events in pages, check the checkpoint's signature, recompute
         every leaf and the root, versions 1..k per case, the times, the checkpoint;
     (b) baseline: read the same rows the same way and SHA-256 each event's stored state.
     The ratio (a)/(b) is the figure (goal >= 0.5). Also shown: the same two without the
     reads, over records already in memory.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from importlib.metadata import version as dist_version
from typing import Any
from uuid import uuid4

from bench.commands import PROGRESS_EVENTS, prepare_ducha_case
from bench.common import PG_HOST, PG_PORT, PG_USER, postgres_version, throwaway_database
from core.ledger.tree import event_leaf_hash, format_checkpoint, parse_checkpoint, root_of_hashes
from core.ledger.verify import KeptCheckpoint, time_line, verify_log
from core.service.application import Ducha
from projections.ledger.sealer import stored_records
from stores.signing import Signer, open_note

TEMPLATE_CASES = 40
_STAMP = re.compile(rb'^\{"timestamp":\{"_type_":"datetime_iso","_data_":"[^"]+"\}')


def synthesise(app: Ducha, events: int) -> list[tuple[str, int, str, bytes]]:
    """(originator id, version, topic, state) rows: the template cases cloned round robin."""
    for n in range(TEMPLATE_CASES):
        prepare_ducha_case(app, n)
    template: dict[str, list[tuple[int, str, bytes]]] = {}
    for r in stored_records(app):
        template.setdefault(str(r.originator_id), []).append(
            (r.originator_version, r.topic, bytes(r.state))
        )
    histories = list(template.values())
    per_case = 6 + PROGRESS_EVENTS
    clones = [(uuid4().hex, histories[i % len(histories)]) for i in range(events // per_case + 1)]
    start = datetime.now(UTC) - timedelta(days=30)
    rows = []
    step = 0
    for version in range(1, per_case + 1):
        for case_id, history in clones:
            if len(rows) >= events:
                break
            _, topic, state = history[version - 1]
            stamp = (start + timedelta(milliseconds=step)).isoformat().encode()
            step += 1
            prefix = b'{"timestamp":{"_type_":"datetime_iso","_data_":"' + stamp + b'"}'
            rows.append((case_id, version, topic, _STAMP.sub(prefix, state, count=1)))
    return rows


def fill_sqlite(path: str, rows: Sequence[tuple[str, int, str, bytes]]) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM stored_events")
        conn.executemany(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )


def fill_postgres(dbname: str, rows: Sequence[tuple[str, int, str, bytes]]) -> None:
    import psycopg

    with psycopg.connect(host=PG_HOST, port=int(PG_PORT), user=PG_USER, dbname=dbname) as conn:
        conn.execute("TRUNCATE ducha_events, ducha_snapshots RESTART IDENTITY")
        with conn.cursor().copy(
            "COPY ducha_events (originator_id, originator_version, topic, state) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)


def checkpoint_note(app: Ducha, signer: Signer) -> str:
    hashes = [event_leaf_hash(r) for r in stored_records(app)]
    body = format_checkpoint(
        signer.name, len(hashes), root_of_hashes(hashes), [time_line(datetime.now(UTC))]
    )
    return signer.sign(body)


def timed(fn: Callable[[], int]) -> float:
    t0 = time.perf_counter()
    count = fn()
    return count / (time.perf_counter() - t0)


def bench_backend(
    label: str, env: dict[str, str], fill: Callable[[Sequence[Any]], None], events: int, rounds: int
) -> dict[str, Any]:
    app = Ducha({**env, "CREATE_TABLE": "y"})
    try:
        rows = synthesise(app, events)
        fill(rows)
        signer = Signer.generate("bench.ducha/ledger")
        note = checkpoint_note(app, signer)

        def verify() -> int:
            text = open_note(note, [signer.verifier])
            kept = [KeptCheckpoint("bench", parse_checkpoint(text))]
            report = verify_log(stored_records(app), kept)
            assert report.ok, report.as_dict()["findings"][:3]
            return report.tree_size

        def read_and_hash() -> int:
            count = 0
            for r in stored_records(app):
                hashlib.sha256(r.state).digest()
                count += 1
            return count

        in_memory = list(stored_records(app))

        def verify_in_memory() -> int:
            kept = [KeptCheckpoint("bench", parse_checkpoint(open_note(note, [signer.verifier])))]
            return verify_log(in_memory, kept).tree_size

        def hash_in_memory() -> int:
            for r in in_memory:
                hashlib.sha256(r.state).digest()
            return len(in_memory)

        rates: dict[str, list[float]] = {k: [] for k in ("verify", "read", "vmem", "hmem")}
        for k in range(rounds):
            pairs = [("verify", verify), ("read", read_and_hash)]
            for name, fn in pairs if k % 2 == 0 else reversed(pairs):
                rates[name].append(timed(fn))
            rates["vmem"].append(timed(verify_in_memory))
            rates["hmem"].append(timed(hash_in_memory))
        size = sum(len(r[3]) for r in rows) / len(rows)
        return {"backend": label, "events": len(rows), "bytes": size, "rates": rates}
    finally:
        app.close()


@contextmanager
def sqlite_backend() -> Iterator[tuple[dict[str, str], Callable[[Sequence[Any]], None]]]:
    tmp = tempfile.mkdtemp(prefix="ducha_bench_")
    path = os.path.join(tmp, "events.db")
    try:
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}
        yield env, lambda rows: fill_sqlite(path, rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def postgres_backend() -> Iterator[tuple[dict[str, str], Callable[[Sequence[Any]], None]]]:
    with throwaway_database("ducha_bench") as dbname:
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": PG_HOST,
            "POSTGRES_PORT": PG_PORT,
            "POSTGRES_USER": PG_USER,
            "POSTGRES_PASSWORD": "",
        }
        yield env, lambda rows: fill_postgres(dbname, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the store")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each measurement")
    args = parser.parse_args()
    print("# Ducha ledger verify benchmark\n")
    print(
        f"python {platform.python_version()}, eventsourcing {dist_version('eventsourcing')},"
        f" cryptography {dist_version('cryptography')}, sqlite {sqlite3.sqlite_version},"
        f" cpus {os.cpu_count()}, {platform.platform()}"
    )
    backends: list[tuple[str, Callable[[], Any]]] = [("sqlite (file)", sqlite_backend)]
    try:
        print(f"PostgreSQL {postgres_version()} at {PG_HOST}:{PG_PORT}")
        backends.append(("postgres", postgres_backend))
    except Exception as exc:
        print(f"PostgreSQL skipped: cannot reach {PG_HOST}:{PG_PORT} ({exc!r})")
    results = []
    for label, backend in backends:
        t0 = time.perf_counter()
        with backend() as (env, fill):
            results.append(bench_backend(label, env, fill, args.events, args.rounds))
        print(f"  {label}: done in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    print(
        f"\n{args.rounds} rounds, medians; events/s. Stored events are synthesised in the"
        " store's table from 40 real cases (see the docstring).\n"
    )
    print(
        "| backend | events | mean state bytes | verify | read + sha256 | ratio (goal >= 0.5) |"
        " verify in memory | sha256 in memory | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        m = {k: statistics.median(v) for k, v in r["rates"].items()}
        print(
            f"| {r['backend']} | {r['events']:,} | {r['bytes']:.0f} | {m['verify']:,.0f} |"
            f" {m['read']:,.0f} | {m['verify'] / m['read']:.2f} | {m['vmem']:,.0f} |"
            f" {m['hmem']:,.0f} | {m['vmem'] / m['hmem']:.2f} |"
        )
    for r in results:
        paired = ", ".join(
            f"{v / b:.2f}" for v, b in zip(r["rates"]["verify"], r["rates"]["read"], strict=True)
        )
        print(f"- {r['backend']}: per-round ratios verify / (read + sha256) [{paired}]")


if __name__ == "__main__":
    main()
