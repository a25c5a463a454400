"""/admin/cases/new: the desk registers a complaint with its channel and contact, the office an
inspection problem or a measure; every refusal is answered and records nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, select

from core.service.application import Ducha
from stores.contacts import contacts_table
from tests.admin.casework import (
    Browser,
    browser_for,
    officials,  # noqa: F401
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.photos import photo_bytes

COMPLAINT = {
    "origin": "resident_complaint",
    "channel": "phone",
    "received_at": "2026-11-01T20:15",
    "description": "化工厂夜间排放刺激性气味\n附近居民反映多日",
    "categories": "air",
    "district": "jc.donghu",
    "township": "jc.donghu.hubin",
    "address": "湖滨路 99 号",
    "name": "赵六",
    "phone": "13700007777",
}


def submit(browser: Browser, data: dict[str, Any]) -> Any:
    fields = {"csrf_token": browser.token("/admin/cases/new"), **data}
    return browser.client.post("/admin/cases/new", data=fields, content_type="multipart/form-data")


def stored(ducha: Ducha) -> int:
    return int(ducha.recorder.max_notification_id() or 0)  # type: ignore[attr-defined]


def test_the_desk_registers_a_phone_complaint_and_reads_out_the_code_and_secret(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    engine: Engine,
) -> None:
    browser = browser_for(site, "li", lang="zh_CN")
    form = browser.get("/admin/cases/new").get_data(as_text=True)
    assert "登记案件" in form and "来电" in form and "东湖区" in form and "群众举报" in form
    photo = (io.BytesIO(photo_bytes()), "photo.jpg")
    response = submit(browser, {**COMPLAINT, "photos": photo})
    assert response.status_code == 303, response.get_data(as_text=True)
    done = browser.get(response.headers["Location"])
    html = done.get_data(as_text=True)
    assert done.headers["Cache-Control"] == "no-store"
    assert 'id="tracking-code"' in html and 'id="tracking-secret"' in html
    case = ducha.get_by_reference(html.split('id="tracking-code">')[1].split("<")[0])
    assert (case.channel, case.status, case.title) == (
        "phone",
        "reported",
        "化工厂夜间排放刺激性气味",
    )
    reported, attached = ducha.history(case.id)
    assert str(reported.effective_date) == "2026-11-01"  # type: ignore[attr-defined]
    assert type(attached).__name__ == "EvidenceAttached"
    assert "13700007777" not in repr([vars(e) for e in ducha.history(case.id)])
    with engine.connect() as conn:
        [contact] = conn.execute(select(contacts_table)).all()
    assert (contact.case_id, contact.name, contact.phone) == (case.id, "赵六", "13700007777")
    again = browser.get("/admin/cases/new/done")
    assert again.status_code == 302  # the secret is shown once


def test_an_anonymous_complaint_keeps_no_contact(
    site: Flask,  # noqa: F811
    engine: Engine,
) -> None:
    browser = browser_for(site, "li")
    assert submit(browser, {**COMPLAINT, "anonymous": "y"}).status_code == 303
    with engine.connect() as conn:
        assert conn.execute(select(contacts_table)).all() == []


def test_a_platform_transfer_is_registered_once(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    browser = browser_for(site, "li")
    transfer = {**COMPLAINT, "channel": "12345", "external_ref": "JC12345-2026-0042"}
    first = browser.get(submit(browser, transfer).headers["Location"]).get_data(as_text=True)
    second = browser.get(submit(browser, transfer).headers["Location"]).get_data(as_text=True)
    code = first.split('id="tracking-code">')[1].split("<")[0]
    assert f'id="tracking-code">{code}<' in second and 'id="already"' in second
    assert 'id="tracking-secret"' not in second
    assert ducha.get_by_reference(code).external_ref == "JC12345-2026-0042"


def test_the_office_registers_a_problem_and_a_measure_with_deadlines(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    browser = browser_for(site, "wang")
    problem = {
        "origin": "central_feedback",
        "external_ref": "反馈意见第7项",
        "title": "城市污水管网建设滞后",
        "description": "第二轮中央督察反馈问题。",
        "categories": "water",
        "district": "jc.xishan",
        "deadline": "2027-06-30",
    }
    done = browser.get(submit(browser, problem).headers["Location"]).get_data(as_text=True)
    code = done.split('id="tracking-code">')[1].split("<")[0]
    assert code.startswith("ZY-FK-") and 'id="tracking-secret"' not in done
    case = ducha.get_by_reference(code)
    assert (case.status, str(case.deadline), case.channel) == ("accepted", "2027-06-30", None)
    measure = {**problem, "origin": "measure", "parent": code, "title": "新建管网 12 公里"}
    done = browser.get(submit(browser, measure).headers["Location"]).get_data(as_text=True)
    child = ducha.get_by_reference(done.split('id="tracking-code">')[1].split("<")[0])
    assert child.parent_id == case.id and str(child.deadline) == "2027-06-30"


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        ({"channel": ""}, 400, "请选择受理渠道"),
        ({"channel": "12369"}, 400, "平台编号"),
        ({"received_at": "2099-01-01T08:00"}, 400, "不能晚于当前时间"),
        ({"description": ""}, 400, "请描述问题"),
        ({"phone": "call me"}, 400, "有效的电话号码"),
        ({"district": "jc.xishan", "township": ""}, 403, "管辖范围"),
        ({"origin": "measure", "parent": "ZY-FK-2026-9999"}, 400, "ZY-FK-2026-9999"),
        ({"origin": "central_feedback"}, 400, "只有举报和信访件有受理渠道"),
    ],
)
def test_refusals_say_why_and_record_nothing(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    data: dict[str, str],
    status: int,
    says: str,
) -> None:
    browser = browser_for(site, "li", lang="zh_CN")
    before = stored(ducha)
    response = submit(browser, {**COMPLAINT, **data})
    assert response.status_code == status
    assert says in response.get_data(as_text=True)
    assert stored(ducha) == before


@pytest.mark.parametrize("username", ["zhao", "chen", "sun"])
def test_roles_that_may_not_register_are_refused(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    username: str,
) -> None:
    browser = browser_for(site, username)
    assert browser.get("/admin/cases/new").status_code == 403
    token = browser.token("/admin/")
    response = browser.client.post("/admin/cases/new", data={**COMPLAINT, "csrf_token": token})
    assert response.status_code == 403 and stored(ducha) == 0
