"""What the benchmarks share: the local PostgreSQL, throwaway databases, its version."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PG_HOST, PG_PORT, PG_USER, PG_ADMIN_DB = "127.0.0.1", "5432", "postgres", "test"


def pg_admin() -> Any:
    """An autocommit connection to the administration database."""
    import psycopg

    return psycopg.connect(
        host=PG_HOST,
        port=int(PG_PORT),
        user=PG_USER,
        dbname=PG_ADMIN_DB,
        autocommit=True,
        connect_timeout=5,
    )


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A fresh database for one benchmark run, dropped afterwards; its name."""
    dbname = f"{prefix}_{secrets.token_hex(4)}"
    with pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        yield dbname
    finally:
        with pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def postgres_version() -> str:
    with pg_admin() as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"
