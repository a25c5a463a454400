"""One projector per projection set: an advisory lock on PostgreSQL, a file lock on SQLite."""

from __future__ import annotations

import fcntl
import time
from pathlib import Path
from typing import IO, Any

import psycopg

from core.settings import Settings
from stores.locks import advisory_key


class ProjectorBusy(Exception):
    """Another process already runs this projection set."""


class ProjectorLock:
    """Held for the life of a projector (or a rebuild); released on close."""

    def __init__(self, settings: Settings, set_name: str) -> None:
        self.settings = settings
        self.set_name = set_name
        self._file: IO[str] | None = None
        self._conn: psycopg.Connection[Any] | None = None

    @property
    def key(self) -> int:
        return advisory_key(f"ducha-projector:{self.set_name}")

    def try_acquire(self) -> bool:
        if self.settings.database_url is None:
            return self._try_file()
        return self._try_advisory(self.settings.database_url)

    def acquire(self, wait: bool = False, poll: float = 1.0) -> None:
        while not self.try_acquire():
            if not wait:
                raise ProjectorBusy(
                    f"another projector already runs the {self.set_name!r} projection set"
                )
            time.sleep(poll)

    def _try_file(self) -> bool:
        path = Path(self.settings.data_dir) / f"projector-{self.set_name}.lock"
        handle = path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def _try_advisory(self, url: str) -> bool:
        conn = psycopg.connect(url, autocommit=True)
        locked = conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        if not locked or not locked[0]:
            conn.close()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ProjectorLock:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()
