"""Registering through the staff API: a hotline platform's dispatch arrives by machine, with
the page's checks; the platform's number registers one case; every refusal records nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

from core.service.application import Ducha
from stores.contacts import contacts_table
from tests.admin.api.conftest import Staff, refused

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)

DISPATCH = {
    "origin": "resident_complaint",
    "channel": "12345",
    "external_ref": "JC12345-20261101-0099",
    "received_at": "2026-11-01T20:15:00+08:00",
    "description": "小区旁烧烤店油烟直排。",
    "categories": ["air"],
    "district": "jc.donghu",
    "township": "jc.donghu.hubin",
    "address": "湖滨路 12 号",
    "contact": {"name": "钱七", "phone": "13600006666"},
}


def post(staff: Staff, body: Any, grant: str | None = None) -> Any:
    return staff.client.post("/api/v1/cases", json=body, headers=staff.headers(grant))


def stored(ducha: Ducha) -> int:
    return int(ducha.recorder.max_notification_id() or 0)  # type: ignore[attr-defined]


def test_a_platform_dispatch_is_registered_once(
    staff: dict[str, Staff], ducha: Ducha, engine: Engine
) -> None:
    first = post(staff["li"], DISPATCH)
    assert first.status_code == 201, first.data
    body = first.get_json()
    assert body["created"] is True and body["tracking_secret"]
    case = ducha.get_by_reference(body["reference"])
    assert (case.channel, case.external_ref) == ("12345", "JC12345-20261101-0099")
    assert str(ducha.history(case.id)[0].effective_date) == "2026-11-01"  # type: ignore[attr-defined]
    again = post(staff["li"], DISPATCH)
    assert again.status_code == 200
    assert again.get_json() | {"notification_id": 0} == {
        "reference": body["reference"],
        "case_id": body["case_id"],
        "created": False,
        "tracking_secret": None,
        "notification_id": 0,
    }
    with engine.connect() as conn:
        assert len(conn.execute(select(contacts_table)).all()) == 1


def test_the_office_registers_a_problem_with_its_deadline(
    staff: dict[str, Staff], ducha: Ducha
) -> None:
    problem = {
        "origin": "provincial_problem",
        "external_ref": "省督反馈第3项",
        "title": "工业园区污水处理厂超标排放",
        "description": "省级督察反馈问题。",
        "categories": ["water"],
        "district": "jc.xishan",
        "deadline": "2027-03-31",
    }
    response = post(staff["wang"], problem)
    assert response.status_code == 201, response.data
    case = ducha.get_by_reference(response.get_json()["reference"])
    assert (case.status, str(case.deadline)) == ("accepted", "2027-03-31")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"lat": "31.2", "lon": 120.1}, "lat"),
        ({"categories": "air"}, "categories"),
        ({"origin": "rumour"}, "origin"),
        ({"channel": "fax"}, "channel"),
        ({"received_at": "2026-11-01T20:15:00"}, "received_at"),
        ({"contact": {"phone": 13600006666}}, "contact"),
        ({"secret_field": 1}, "secret_field"),
    ],
)
def test_malformed_bodies_are_400(
    staff: dict[str, Staff], ducha: Ducha, change: dict[str, Any], says: str
) -> None:
    response = post(staff["li"], {**DISPATCH, **change})
    refused(response, 400, "invalid_input")
    assert says in str(response.get_json()["fields"])
    assert stored(ducha) == 0


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"external_ref": None}, "platform's own number"),
        ({"channel": None}, "how the complaint came in"),
        ({"received_at": "2099-01-01T08:00:00+08:00"}, "cannot lie in the future"),
        ({"district": "jc.nowhere"}, "unknown org unit"),
        ({"township": "jc.xishan.fenghuang"}, "does not belong"),
        ({"origin": "measure", "parent": "ZY-FK-2026-0404", "channel": None}, "no case"),
    ],
)
def test_rules_of_registration_are_400(
    staff: dict[str, Staff], ducha: Ducha, change: dict[str, Any], says: str
) -> None:
    body = {k: v for k, v in {**DISPATCH, **change}.items() if v is not None}
    if change.get("origin") == "measure":
        body.pop("contact")
    assert says in refused(post(staff["wang"], body), 400)
    assert stored(ducha) == 0


@pytest.mark.parametrize("username", ["zhao", "chen", "sun"])
def test_roles_that_may_not_register_are_403(
    staff: dict[str, Staff], ducha: Ducha, username: str
) -> None:
    refused(post(staff[username], DISPATCH), 403, "permission_denied")
    assert stored(ducha) == 0


def test_a_district_outside_the_jurisdiction_is_403(staff: dict[str, Staff], ducha: Ducha) -> None:
    body = {**DISPATCH, "district": "jc.xishan", "township": None}
    refused(post(staff["li"], body), 403, "out_of_jurisdiction")
    assert stored(ducha) == 0


def test_no_key_is_403(staff: dict[str, Staff], ducha: Ducha) -> None:
    client = staff["li"].client
    refused(client.post("/api/v1/cases", json=DISPATCH), 403, "permission_denied")
    assert stored(ducha) == 0
