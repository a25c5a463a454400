"""/readyz, /metrics and the JSON request and command logs, through the web app."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from flask import Flask

from core.domain.errors import ConcurrentModification
from core.domain.values import Origin
from core.service.application import Ducha
from core.service.observing import request_id, stored_request_id
from projections.engine.projector import catch_up_all
from stores.campaigns import campaigns_of
from tests.browsing import Browser
from tests.conftest import Clock
from tests.helpers import INTAKE, OFFICE, drive, report
from tests.ops.conftest import LogLines
from tests.portal.conftest import receipt_of, report_data

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

NAME, PHONE, EMAIL, ID_NUMBER = (
    "欧阳秀英",
    "13987654321",
    "ouyang.xiuying@example.cn",
    "11010519491231002X",
)


@pytest.fixture
def environ(environ: dict[str, str]) -> dict[str, str]:
    return {**environ, "DUCHA_READY_MAX_LAG_EVENTS": "2", "DUCHA_REPORT_RATE_LIMIT": "100/minute"}


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text, 0 when absent."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in metrics.splitlines():
        found = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if found and found[1] == name and ",".join(sorted((found[2] or "").split(","))) == wanted:
            return float(found[3])
    return 0.0


def test_readiness_fails_while_the_projector_lags_and_recovers_when_it_catches_up(
    web: Flask,
) -> None:
    services, client = web.extensions["ducha"], web.test_client()
    catch_up_all(services)
    assert client.get("/readyz").json == {"status": "ready"}
    for _ in range(3):
        report(services.app)
    behind = client.get("/readyz")
    assert behind.status_code == 503
    assert "projection case_list is more than 2 events behind" in (behind.json or {})["reasons"]
    catch_up_all(services)
    assert client.get("/readyz").status_code == 200


def test_readiness_fails_without_a_schema(environ: dict[str, str]) -> None:
    from wsgi import create_app

    answer = create_app(environ).test_client().get("/readyz")
    assert answer.status_code == 503
    assert "db init" in (answer.json or {})["reasons"][0]


def test_readiness_and_metrics_when_the_store_does_not_answer(environ: dict[str, str]) -> None:
    from wsgi import create_app

    closed_port = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/ducha"}
    client = create_app({**environ, **closed_port}).test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert (answer.json or {})["reasons"] == ["the store is unreachable (OperationalError)"]
    metrics = client.get("/metrics")  # the counters are still there; the store is marked down
    text = metrics.get_data(as_text=True)
    assert metrics.status_code == 200 and sample(text, "ducha_store_up") == 0
    assert "ducha_http_requests_total" in text


def test_metrics_count_requests_commands_conflicts_refused_uploads_and_positions(
    web: Flask,
) -> None:
    services, client = web.extensions["ducha"], web.test_client()
    before = client.get("/metrics").get_data(as_text=True)
    receipt = report(services.app)
    services.app.accept(INTAKE, receipt.case_id)
    with pytest.raises(ConcurrentModification):
        services.app.accept(INTAKE, receipt.case_id, version=1)
    not_a_photo = (io.BytesIO(b"plain text"), "a.jpg")
    Browser(client).submit("/report", report_data(photos=[not_a_photo]))
    catch_up_all(services)
    after = client.get("/metrics").get_data(as_text=True)

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("ducha_http_requests_total", route="/metrics", status="200") == 1
    assert grew("ducha_http_requests_total", route="/report", status="200") >= 1
    assert grew("ducha_command_duration_seconds_count", command="accept", outcome="ok") == 1
    assert grew("ducha_command_duration_seconds_count", command="report", outcome="ok") == 1
    assert grew("ducha_command_conflicts_total", command="accept") == 1
    assert grew("ducha_uploads_refused_total", reason="unreadable") == 1
    last = services.app.recorder.max_notification_id()
    assert sample(after, "ducha_projection_position", projection="case_list") == last
    assert sample(after, "ducha_projection_lag_events", projection="case_list") == 0
    assert sample(after, "ducha_events") == last and sample(after, "ducha_store_up") == 1


def test_logs_tie_requests_to_events_and_hold_no_identity(web: Flask, log_lines: LogLines) -> None:
    browser = Browser(web.test_client())
    data = report_data(
        name=NAME, phone=PHONE, email=EMAIL, description=f"身份证 {ID_NUMBER}，河水发黑发臭。"
    )
    fields: dict[str, Any] = {"csrf_token": browser.token("/report"), **data}
    answer = browser.client.post(
        "/report",
        data=fields,
        content_type="multipart/form-data",
        headers={"X-Request-Id": "req-42"},
    )
    assert answer.headers["X-Request-Id"] == "req-42"
    code, _secret = receipt_of(browser)
    app = web.extensions["ducha"].app
    reported = app.history(app.get_by_reference(code).id)[0]
    assert stored_request_id(reported) == "req-42"
    [command] = log_lines.records("command")
    assert command["request_id"] == "req-42" and command["command"] == "report"
    assert command["outcome"] == "ok"
    posted = [r for r in log_lines.records("request") if r["request_id"] == "req-42"]
    assert posted[0]["route"] == "/report" and posted[0]["status"] == 303
    for planted in (NAME, PHONE, EMAIL, ID_NUMBER, code):
        assert planted not in log_lines.text


def test_a_malformed_request_id_is_replaced(web: Flask) -> None:
    answer = web.test_client().get("/healthz", headers={"X-Request-Id": "bad id {}"})
    assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-Id"])


def test_metrics_count_the_integrity_flags_raised(web: Flask, ducha: Ducha, clock: Clock) -> None:
    drive(ducha, report(ducha).case_id, clock, until="closed")  # claimed done the same day
    catch_up_all(web.extensions["ducha"])
    metrics = web.test_client().get("/metrics").get_data(as_text=True)
    assert sample(metrics, "ducha_integrity_flags", rule="R6", severity="medium") == 1


def test_campaign_commands_are_logged_and_their_events_carry_the_request_id(
    web: Flask, log_lines: LogLines
) -> None:
    app = campaigns_of(web.extensions["ducha"])
    token = request_id.set("req-7")
    try:
        campaign_id = app.plan(
            OFFICE, name="专项督查", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
            origins=[Origin.RESIDENT_COMPLAINT],
        )  # fmt: skip
    finally:
        request_id.reset(token)
    [planned] = app.app.events.get(campaign_id)
    assert stored_request_id(planned) == "req-7"
    [command] = log_lines.records("command")
    assert [command[k] for k in ("command", "request_id", "outcome")] == ["plan", "req-7", "ok"]
