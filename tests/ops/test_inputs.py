"""Control characters (NUL first) never reach a command, a query or an event: every request is
refused with a 400 that says why, the domain refuses them whatever the caller, and the read side
keeps running on both backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.errors import InvalidInput
from core.service.application import Ducha
from projections.engine.catchup import read_positions
from projections.engine.projector import catch_up_all
from stores.api_keys import create_key
from tests.admin.conftest import Browser as StaffBrowser
from tests.admin.conftest import engine  # noqa: F401  (fixture)
from tests.browsing import Browser
from tests.helpers import INTAKE, report
from tests.portal.conftest import report_data

NUL = "\x00"


def notifications(ducha: Ducha) -> int:
    return ducha.recorder.max_notification_id() or 0


def assert_read_side_runs(web: Flask) -> None:
    services = web.extensions["ducha"]
    catch_up_all(services)
    stopped = {n: p.error for n, p in read_positions(services.engine).items() if p.error}
    assert stopped == {}
    assert web.test_client().get("/readyz").status_code == 200


def test_a_report_holding_a_nul_is_refused_and_the_read_side_keeps_running(
    web: Flask, ducha: Ducha
) -> None:
    before = notifications(ducha)
    browser = Browser(web.test_client())
    browser.client.set_cookie("lang", "en")
    for field in ("description", "address"):
        data = report_data(**{field: f"河水发黑{NUL}发臭，岸边有死鱼。"})
        response = browser.submit("/report", data, action="/report")
        assert response.status_code == 400, field
        assert "control character" in response.get_data(as_text=True)
    report(ducha)  # a good report is projected after the refusals
    assert notifications(ducha) == before + 1
    assert_read_side_runs(web)


def test_an_open311_post_holding_a_nul_is_refused_in_the_specs_format(
    web: Flask,
    ducha: Ducha,
    engine: Engine,  # noqa: F811
) -> None:
    key = create_key(engine, "integrator", datetime.now(UTC), rate_limit="1000 per minute")
    before = notifications(ducha)
    response = web.test_client().post(
        "/open311/v2/requests.json",
        data={
            "api_key": key,
            "service_code": "air",
            "attribute[district]": "jc.donghu",
            "address_string": f"湖滨路{NUL}18 号",
            "description": "工厂夜间排放黑烟，气味刺鼻。",
        },
    )
    assert response.status_code == 400, response.data
    (error,) = json.loads(response.data)
    assert error["code"] == 400 and "control character" in error["description"]
    assert notifications(ducha) == before
    assert_read_side_runs(web)


@pytest.mark.parametrize(
    "url",
    [
        "/cases/a%00b",
        "/cases?q=%00",
        "/track/GZ%00",
        "/api/v1/cases?q=%00",
        "/api/v1/cases/GZ%00",
        "/open311/v2/requests/GZ%00.json",
        "/open311/v2/requests.json?service_code=%00",
        "/admin/cases.csv?q=a%01b",
        "/audit/?q=%00",
    ],
)
def test_a_nul_in_a_path_or_a_query_is_a_400(web: Flask, url: str) -> None:
    response = web.test_client().get(url)
    assert response.status_code == 400, response.data
    assert b"control character" in response.data or b"NUL" in response.data


def test_a_nul_in_a_login_name_or_a_json_body_is_a_400(web: Flask) -> None:
    browser = StaffBrowser(web.test_client())
    response = browser.submit("/admin/login", {"username": f"wang{NUL}", "password": "x"})
    assert response.status_code == 400
    answer = web.test_client().post(
        "/api/v1/cases/GZ-2026-000001/actions/accept", json={"note": f"a{NUL}b"}
    )
    assert answer.status_code == 400
    assert "JSON body" in answer.get_json()["message"]


def test_tab_and_line_breaks_pass(web: Flask, ducha: Ducha) -> None:
    browser = Browser(web.test_client())
    data = report_data(description="第一行\r\n第二行\t河水发黑发臭")
    assert browser.submit("/report", data, action="/report").status_code == 303


def test_no_command_stores_an_event_holding_a_nul(web: Flask, ducha: Ducha) -> None:
    """A field that no command checks (a referral) is refused where events are stored."""
    case_id = report(ducha).case_id
    with pytest.raises(InvalidInput, match="referral contains a control character"):
        ducha.decline(INTAKE, case_id, "不属于本部门", referral=f"市水务{NUL}局")
    assert [type(e).__name__ for e in ducha.history(case_id)] == ["Reported"]
    assert_read_side_runs(web)
