"""Locks between processes that share one installation: a PostgreSQL advisory lock, or a file
lock in the data folder for the embedded SQLite store."""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from core.settings import Settings


def advisory_key(label: str) -> int:
    """The 64-bit advisory-lock key for `label`; stable across processes and releases."""
    digest = hashlib.sha256(label.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def schema_lock(settings: Settings) -> Iterator[None]:
    """Held while the schema is created or migrated, so that two `db init` or `db upgrade` (two
    hosts of one deployment, say) run one after the other; waits for the other to finish."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with (settings.data_dir / "schema.lock").open("a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
            yield
        return
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (advisory_key("ducha-schema"),))
        yield  # released when the session ends
