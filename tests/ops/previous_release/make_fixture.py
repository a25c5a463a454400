"""Regenerate the SQL dumps of a store made by release 2203bf1, the last before Alembic.

The dumps are checked in, so the upgrade test needs neither git history nor the old code; this
script is how they were made. It unpacks `git archive 2203bf1` into a temporary folder, runs
populate_2203bf1.py there (SQLite, then a scratch PostgreSQL database) and dumps the result:
sqlite_events.sql and sqlite_read.sql (the sqlite3 shell's .dump) and postgresql.sql
(pg_dump --inserts, without psql's meta-commands so that one psycopg execute can load it).

Usage, from the repository root: python tests/ops/previous_release/make_fixture.py
(DUCHA_TEST_PG names the PostgreSQL server, as for the tests).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
import uuid
from pathlib import Path

import psycopg

RELEASE = "2203bf1"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
PG_ADMIN_URL = os.environ.get("DUCHA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def unpack_release(into: Path) -> None:
    archive = subprocess.run(
        ["git", "archive", RELEASE], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def populate(code: Path, data_dir: Path, database_url: str | None) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(code),
        "DUCHA_DATA_DIR": str(data_dir),
        "SECRET_KEY": "previous-release-secret-0123456789",
        "DUCHA_SIGNING_KEY": str(data_dir / "signing.key"),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    script = HERE / "populate_2203bf1.py"
    subprocess.run([sys.executable, str(script)], cwd=code, env=env, check=True)


def dump_sqlite(path: Path, into: Path) -> None:
    # The sqlite3 shell, not Python's iterdump: it keeps the rowids (the notification ids) and
    # restores the full-text search table through its shadow tables.
    dumped = subprocess.run(
        ["sqlite3", str(path), ".dump --preserve-rowids"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    into.write_text(dumped, encoding="utf-8")


def dump_postgres(url: str, into: Path) -> None:
    dumped = subprocess.run(
        ["pg_dump", "--inserts", "--no-owner", "--no-privileges", "--no-comments", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [line for line in dumped.splitlines() if not line.startswith("\\")]
    into.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        code, sqlite_dir, pg_dir = Path(tmp, "code"), Path(tmp, "sqlite"), Path(tmp, "pg")
        for folder in (code, sqlite_dir, pg_dir):
            folder.mkdir()
        unpack_release(code)
        populate(code, sqlite_dir, None)
        dump_sqlite(sqlite_dir / "events.sqlite3", HERE / "sqlite_events.sql")
        dump_sqlite(sqlite_dir / "ducha.sqlite3", HERE / "sqlite_read.sql")
        name = f"ducha_fixture_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
                populate(code, pg_dir, url)
                dump_postgres(url, HERE / "postgresql.sql")
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
