"""What operators and their tools see: `/readyz`, `/metrics`, and one JSON log line per request
and per command, each with the request id (from X-Request-Id, or made here) that the request's
events also carry.

Log lines name the route pattern, never the path, the query, the form or the client's address:
complainant identity must never reach a log.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, g, jsonify, request
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy.exc import SQLAlchemyError

from core.service.observing import CommandOutcome, observe_commands, request_id
from ops.metrics import REQUESTS, count_command, exposition
from ops.ratelimits import store_problem
from projections.engine.projector import projection_status
from projections.engine.schema import check_schema
from stores.migrate import SchemaMissing
from stores.services import Services, current_services

ops = Blueprint("ops", __name__)
request_log = logging.getLogger("ducha.request")
command_log = logging.getLogger("ducha.command")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def json_formatter() -> JsonFormatter:
    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        json_ensure_ascii=False,
    )


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (test runners replace it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging() -> None:
    """Log records go out as JSON lines on stderr (once per process, however many apps), Ducha's
    from INFO up. The handler sits on the root logger, so other handlers (tests') see them too."""
    logging.getLogger("ducha").setLevel(logging.INFO)
    root = logging.getLogger()
    if any(getattr(h, "ducha_json", False) for h in root.handlers):
        return
    handler = _StderrHandler()
    handler.setFormatter(json_formatter())
    handler.ducha_json = True  # type: ignore[attr-defined]
    root.addHandler(handler)


def log_command(outcome: CommandOutcome) -> None:
    # Commands of a request log at INFO; those of CLI runs (demo load, imports) at DEBUG.
    level = logging.INFO if outcome.request_id is not None else logging.DEBUG
    command_log.log(
        level,
        "command",
        extra={
            "request_id": outcome.request_id,
            "command": outcome.name,
            "outcome": outcome.outcome,
            "error": outcome.error,
            "duration_ms": round(outcome.seconds * 1000, 2),
        },
    )


def readiness_problems(services: Services) -> list[str]:
    """Why this process should not get traffic now; empty when it should."""
    settings = services.settings
    try:
        check_schema(settings)
        statuses = projection_status(services, cap=settings.ready_max_lag_events + 1)
    except SchemaMissing as exc:
        return [str(exc)]
    except (SQLAlchemyError, OSError) as exc:
        return [f"the store is unreachable ({type(exc).__name__})"]
    problems = []
    for status in statuses:
        if status.error:
            problems.append(
                f"projection {status.name} is stopped at notification "
                f"{status.error_notification_id}"
            )
        elif status.lag_events > settings.ready_max_lag_events:
            problems.append(
                f"projection {status.name} is more than {settings.ready_max_lag_events} "
                f"events behind"
            )
        elif status.lag_seconds > settings.ready_max_lag_seconds:
            problems.append(
                f"projection {status.name} is {status.lag_seconds:.0f} s behind "
                f"(limit {settings.ready_max_lag_seconds} s)"
            )
    return problems


def readiness_warnings(services: Services) -> list[str]:
    """What works worse than it should, though this process may still get traffic."""
    problem = store_problem(services.settings.redis_url)
    return [problem] if problem else []


@ops.get("/readyz")
def readyz() -> Any:
    services = current_services()
    problems, warnings = readiness_problems(services), readiness_warnings(services)
    extra = {"warnings": warnings} if warnings else {}
    if problems:
        return jsonify(status="unavailable", reasons=problems, **extra), 503
    return jsonify(status="ready", **extra)


@ops.get("/metrics")
def metrics() -> Response:
    body = exposition(current_services())
    return Response(body, content_type="text/plain; version=0.0.4; charset=utf-8")


@ops.before_app_request
def start_request() -> None:
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.request_id_token = request_id.set(g.request_id)
    g.request_started = time.perf_counter()


@ops.after_app_request
def finish_request(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # a response made before the request began (e.g. too large)
        return response
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    REQUESTS.labels(route, str(response.status_code)).inc()
    response.headers["X-Request-Id"] = g.request_id
    request_log.info(
        "request",
        extra={
            "request_id": g.request_id,
            "method": request.method,
            "route": route,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )
    return response


@ops.teardown_app_request
def end_request(_error: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        request_id.reset(token)


def init_app(app: Flask) -> None:
    configure_logging()
    samples = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if samples:  # set without gunicorn.conf.py, which makes it: workers would fail to count
        Path(samples).mkdir(parents=True, exist_ok=True)
    observe_commands(log_command)
    observe_commands(count_command)
    app.register_blueprint(ops)
