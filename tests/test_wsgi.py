"""The app factory, the CLI (`db init`, `demo load`) and the start-up checks."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import inspect

from core.service.application import Ducha
from core.settings import load_settings
from stores.db import make_engine
from wsgi import create_app

ROOT = Path(__file__).resolve().parent.parent


def start_web_app(environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Start the web app as gunicorn would, in a process of its own, with only `environ`."""
    return subprocess.run(
        [sys.executable, "-c", "import wsgi; wsgi.create_web_app()"],
        cwd=ROOT,
        env={**environ, "PATH": ""},
        capture_output=True,
        text=True,
    )


def test_db_init_is_idempotent(environ: dict[str, str]) -> None:
    runner = create_app(environ).test_cli_runner()
    first = runner.invoke(args=["db", "init"])
    second = runner.invoke(args=["db", "init"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "schema ready" in second.output
    engine = make_engine(load_settings(environ).sqlalchemy_url)
    assert "complainant_contacts" in inspect(engine).get_table_names()
    engine.dispose()


def test_demo_load_fills_every_status_once(environ: dict[str, str]) -> None:
    runner = create_app(environ).test_cli_runner()
    assert runner.invoke(args=["db", "init"]).exit_code == 0
    loaded = runner.invoke(args=["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    again = runner.invoke(args=["demo", "load"])
    assert "already loaded" in again.output
    app = Ducha(load_settings(environ).event_store_env())
    stored = app.recorder.select_notifications(start=1, limit=100_000)
    case_ids = {n.originator_id for n in stored if n.topic.endswith("Case.Reported")}
    statuses = Counter(app.get(i).status.value for i in case_ids)
    app.close()
    assert len(case_ids) >= 60
    assert set(statuses) == {
        "reported", "accepted", "declined", "merged", "transferred", "rectifying",
        "acceptance_requested", "verified", "public_notice", "closed", "rebounded",
    }  # fmt: skip
    assert {d for d in statuses.values()} and min(statuses.values()) >= 6


def test_the_placeholder_portal_page_is_served(settings: object, environ: dict[str, str]) -> None:
    response = create_app(environ).test_client().get("/")
    assert response.status_code == 200
    assert "督察" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/healthz"])
def test_health_answers(environ: dict[str, str], path: str) -> None:
    response = create_app(environ).test_client().get(path)
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_a_bad_setting_stops_the_start_with_its_name(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi; wsgi.create_app()"],
        cwd=ROOT,
        env={"DUCHA_DATA_DIR": str(tmp_path), "DATABASE_URL": "mysql://nope/x", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_the_web_app_refuses_to_start_before_db_init(tmp_path: Path) -> None:
    result = start_web_app({"DUCHA_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "db init" in result.stderr


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "path", ["/", "/cases", "/assets/portal/map.js", "/nowhere", "/healthz", "/api/v1/cases"]
)
def test_every_response_carries_the_security_headers(
    settings: object, environ: dict[str, str], path: str
) -> None:
    response = create_app(environ).test_client().get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
