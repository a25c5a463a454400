"""The suite's PostgreSQL databases: empty ones, and copies of a template with the schema.

A copy (CREATE DATABASE … TEMPLATE) costs the server a few tenths of a second, as does a drop:
a background thread makes the next copy and drops used ones while tests run, so a test waits
for its database only when it comes sooner than that. Names carry their creation time, so a
session can drop what crashed sessions left behind without touching a running session's.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest

PG_ADMIN_URL = os.environ.get("DUCHA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")

#: ducha_<kind>_<unix time>_<random>: unique among the sessions that share the server.
_SUITE_DATABASE = re.compile(r"^ducha_[a-z]+_(\d{10})_[0-9a-f]{8}$")
_STALE_AFTER = timedelta(days=1)


def skip_or_fail(flag: str, reason: str) -> None:
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1 makes this a failure)")
    pytest.skip(reason)


def pg_admin() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        skip_or_fail("REQUIRE_POSTGRES", f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
        raise


def database_url(name: str) -> str:
    return f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"


def _create(admin: psycopg.Connection, kind: str, template: str | None = None) -> str:
    name = f"ducha_{kind}_{int(time.time())}_{uuid.uuid4().hex[:8]}"
    copy_of = "" if template is None else f' TEMPLATE "{template}"'
    admin.execute(f'CREATE DATABASE "{name}"{copy_of}')
    return name


def _drop(admin: psycopg.Connection, name: str) -> None:
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; its URL."""
    admin = pg_admin()
    name = _create(admin, kind)
    try:
        yield database_url(name)
    finally:
        _drop(admin, name)
        admin.close()


def drop_stale_databases(admin: psycopg.Connection, now: float) -> list[str]:
    """Drop the suite's databases older than a day: left by sessions that crashed or were
    killed (a running session's are younger). Returns their names."""
    rows = admin.execute("SELECT datname FROM pg_database WHERE datname LIKE 'ducha\\_%'")
    stale = []
    for (name,) in rows.fetchall():
        made = _SUITE_DATABASE.match(name)
        if made and now - int(made[1]) > _STALE_AFTER.total_seconds():
            _drop(admin, name)
            stale.append(name)
    return stale


class TemplateCopies:
    """Copies of one template database, each made while the test before it runs."""

    def __init__(self, admin: psycopg.Connection, template: str) -> None:
        self.template = template
        self._admin = admin  # used by the worker thread only
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="template-copies")
        self._next: Future[str] | None = None

    def _copy(self) -> str:
        return _create(self._admin, "t", self.template)

    def take(self) -> str:
        """A fresh copy's name; the next copy is started at once."""
        ready = self._next if self._next is not None else self._worker.submit(self._copy)
        self._next = self._worker.submit(self._copy)
        return ready.result()

    def give_back(self, name: str) -> None:
        """Drop a used copy, in the background."""
        self._worker.submit(_drop, self._admin, name)

    def close(self) -> None:
        """Drop the copy no test took, and wait for the drops."""
        if self._next is not None and self._next.exception() is None:
            self.give_back(self._next.result())
        self._worker.shutdown(wait=True)
