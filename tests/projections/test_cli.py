"""`flask --app wsgi projections catch-up | status | rebuild [NAME]` and their refusals."""

from __future__ import annotations

from typing import Any

from core.service.application import Ducha
from core.settings import Settings
from projections.engine.locks import ProjectorLock
from tests.helpers import report
from wsgi import create_app


def cli(environ: dict[str, str], *args: str) -> Any:
    return create_app(environ).test_cli_runner().invoke(args=list(args))


def test_catch_up_then_status_shows_no_lag(
    settings: Settings, environ: dict[str, str], ducha: Ducha
) -> None:
    receipt = report(ducha)
    before = cli(environ, "projections", "status")
    assert "case_list      position 0" in before.output
    assert f"lag {receipt.notification_id} events" in before.output
    done = cli(environ, "projections", "catch-up")
    assert done.exit_code == 0 and f"{receipt.notification_id} notifications" in done.output
    after = cli(environ, "projections", "status")
    assert f"position {receipt.notification_id}" in after.output
    assert "lag 0 events" in after.output and "STOPPED" not in after.output


def test_rebuild_one_projection_by_name(
    settings: Settings, environ: dict[str, str], ducha: Ducha
) -> None:
    receipt = report(ducha)
    cli(environ, "projections", "catch-up")
    result = cli(environ, "projections", "rebuild", "timeline")
    assert result.exit_code == 0, result.output
    assert f"rebuilt timeline from {receipt.notification_id} notifications" in result.output


def test_rebuild_of_an_unknown_projection_is_refused(
    settings: Settings, environ: dict[str, str]
) -> None:
    result = cli(environ, "projections", "rebuild", "nonsense")
    assert result.exit_code == 2
    assert "no projection named 'nonsense'" in result.output


def test_catch_up_refuses_while_a_projector_runs(
    settings: Settings, environ: dict[str, str]
) -> None:
    lock = ProjectorLock(settings, "main")
    lock.acquire()
    try:
        result = cli(environ, "projections", "catch-up")
    finally:
        lock.release()
    assert result.exit_code == 1
    assert "another projector already runs" in result.output


def test_projection_commands_need_the_schema(environ: dict[str, str]) -> None:
    result = cli(environ, "projections", "status")
    assert result.exit_code == 1 and "db init" in result.output


def test_run_refuses_a_slow_poll_interval(settings: Settings, environ: dict[str, str]) -> None:
    result = cli(environ, "projections", "run", "--poll-interval", "0.5")
    assert result.exit_code == 2 and "50 ms" in result.output
