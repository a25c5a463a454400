"""Fixtures of the operations tests: JSON log lines captured, a second store to restore into."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ops.web import json_formatter
from tests.databases import fresh_database
from wsgi import create_app

__all__ = ["create_app"]  # imported first, so every table is known before `db init` runs


class LogLines:
    """The JSON lines Ducha's loggers wrote during the test."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self, message: str | None = None) -> list[dict[str, Any]]:
        lines = [json.loads(line) for line in self.text.splitlines() if line]
        return [r for r in lines if message is None or r["message"] == message]


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    lines = LogLines()
    handler = logging.StreamHandler(lines.stream)
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("ducha")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(previous)


@pytest.fixture
def environ(environ: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The source deployment signs ledger checkpoints with a key the restored one shares."""
    return {**environ, "DUCHA_SIGNING_KEY": str(tmp_path / "ledger.key")}


@pytest.fixture
def restore_environ(backend: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A second, empty deployment of the test's backend to restore into."""
    env = {
        "DUCHA_DATA_DIR": str(tmp_path / "restored"),
        "SECRET_KEY": "test-secret-key-0123456789",
        "DUCHA_SIGNING_KEY": str(tmp_path / "ledger.key"),
    }
    if backend == "sqlite":
        yield env
        return
    with fresh_database("r") as url:
        yield {**env, "DATABASE_URL": url}
