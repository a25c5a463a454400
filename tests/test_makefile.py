"""The README's `make run` and `make test`, against a stand-in virtualenv whose programs write
down how they were called: `make run` installs only what running needs and names the address
it serves in links; `make test` adds the test tools; each installs once."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ("python", "flask", "gunicorn", "pybabel", "ruff", "mypy")
STAND_IN = (
    '#!/bin/sh\necho "$(basename "$0") $* (DUCHA_PUBLIC_URL=${DUCHA_PUBLIC_URL-})" >>"$CALLS"\n'
)

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    for program in PROGRAMS:
        (bin_dir / program).write_text(STAND_IN)
        (bin_dir / program).chmod(0o755)
    return tmp_path / "venv"


def make(venv: Path, *args: str, public_url: str | None = None) -> list[str]:
    """The programs `make ARGS` ran, one line each."""
    calls = venv / "calls"
    calls.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUCHA_", "MAKE"))}
    env["CALLS"] = str(calls)
    if public_url is not None:
        env["DUCHA_PUBLIC_URL"] = public_url
    subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), f"VENV={venv}", *args],
        env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return calls.read_text().splitlines() if calls.exists() else []


def installs(calls: list[str]) -> list[str]:
    return [c.split(" (")[0] for c in calls if c.startswith("python -m pip install")]


def test_make_run_installs_what_running_needs_once(venv: Path) -> None:
    assert installs(make(venv, "run")) == [
        "python -m pip install --quiet --upgrade pip",
        "python -m pip install --quiet -e .",
    ]
    assert installs(make(venv, "run")) == []


def test_make_test_adds_the_test_tools_once_and_make_run_then_installs_nothing(
    venv: Path,
) -> None:
    calls = make(venv, "test")
    assert installs(calls)[-1] == "python -m pip install --quiet -e .[test]"
    assert any(c.startswith("python -m pytest") for c in calls)
    assert installs(make(venv, "test")) == [] and installs(make(venv, "run")) == []


def test_make_run_serves_the_port_it_was_given_and_links_name_it(venv: Path) -> None:
    calls = make(venv, "run", "PORT=8765")
    assert "flask --app wsgi db init (DUCHA_PUBLIC_URL=http://127.0.0.1:8765)" in calls
    served = [c for c in calls if c.startswith("gunicorn")]
    assert served == [
        "gunicorn --bind 127.0.0.1:8765 --workers 2 wsgi:create_web_app() "
        "(DUCHA_PUBLIC_URL=http://127.0.0.1:8765)"
    ]


def test_a_public_url_the_user_set_is_kept(venv: Path) -> None:
    calls = make(venv, "run", "PORT=8765", public_url="https://ducha.example.org")
    assert all(c.endswith("(DUCHA_PUBLIC_URL=https://ducha.example.org)") for c in calls)
    assert any(c.startswith("flask --app wsgi db init") for c in calls)
