"""The complainant's contact on the case page: the desk reveals it by a POST that is logged,
auditors list the reads without the identity, and contact records are case events."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, select

from core.service.application import Ducha
from core.service.contacts import Contact
from stores.contacts import contact_reads_table
from tests.admin.casework import (
    Sync,
    browser_for,
    events,
    offered_forms,
    officials,  # noqa: F401
    page,
    post,
    seen,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.helpers import report

PHONE = "13912345678"


@pytest.fixture
def complaint(site: Flask, ducha: Ducha, sync: Sync) -> tuple[Any, str]:  # noqa: F811
    receipt = report(ducha, Contact(name="欧阳秀英", phone=PHONE, email="oy@example.org"))
    sync()
    return receipt.case_id, receipt.reference


def reveal(site: Flask, username: str, reference: str, purpose: str = "callback") -> Any:  # noqa: F811
    """Post the reveal form as the official, with a CSRF token from their home page."""
    browser = browser_for(site, username, lang="zh_CN")
    data = {"purpose": purpose, "csrf_token": browser.token("/admin/")}
    return browser.client.post(f"/admin/cases/{reference}/contact", data=data)


def reads(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(contact_reads_table)).all())


def test_the_desk_reveals_the_contact_and_the_read_is_logged(
    site: Flask,  # noqa: F811
    complaint: tuple[Any, str],
    engine: Engine,
) -> None:
    case_id, reference = complaint
    browser = browser_for(site, "li", lang="zh_CN")
    html = page(browser, reference)
    assert 'id="reveal-contact"' in html and "显示联系方式" in html
    assert PHONE not in html
    response = browser.client.post(
        f"/admin/cases/{reference}/contact",
        data={"purpose": "inform", "csrf_token": seen(html)["csrf_token"]},
    )
    shown = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert PHONE in shown and "欧阳秀英" in shown and "已记录" in shown
    [read] = reads(engine)
    assert (read.case_id, read.reader_user_id, read.reader_unit_id, read.purpose) == (
        case_id,
        "li",
        "jc.donghu",
        "inform",
    )


@pytest.mark.parametrize("username", ["wang", "zhao", "zhou", "chen", "sun"])
def test_other_roles_are_not_offered_the_contact_and_are_refused(
    site: Flask,  # noqa: F811
    complaint: tuple[Any, str],
    engine: Engine,
    username: str,
) -> None:
    _case_id, reference = complaint
    if username != "zhao":  # the unit was not transferred the case, so cannot read it at all
        assert 'id="reveal-contact"' not in page(browser_for(site, username), reference)
    response = reveal(site, username, reference)
    assert response.status_code == 403
    assert PHONE not in response.get_data(as_text=True)
    assert reads(engine) == []


def test_a_desk_outside_the_jurisdiction_is_refused(
    site: Flask,  # noqa: F811
    complaint: tuple[Any, str],
    engine: Engine,
) -> None:
    _case_id, reference = complaint
    assert reveal(site, "xu", reference).status_code == 403 and reads(engine) == []


def test_a_reveal_without_a_purpose_or_a_token_is_refused(
    site: Flask,  # noqa: F811
    complaint: tuple[Any, str],
    engine: Engine,
) -> None:
    _case_id, reference = complaint
    browser = browser_for(site, "li")
    token = seen(page(browser, reference))["csrf_token"]
    url = f"/admin/cases/{reference}/contact"
    assert (
        browser.client.post(url, data={"purpose": "gossip", "csrf_token": token}).status_code == 400
    )
    assert browser.client.post(url, data={"purpose": "callback"}).status_code == 400
    assert browser.client.post("/admin/cases/GZ-20991231-0001/contact").status_code in (400, 404)
    assert reads(engine) == []


def test_auditors_see_who_read_which_case_and_why_but_not_the_contact(
    site: Flask,  # noqa: F811
    complaint: tuple[Any, str],
) -> None:
    _case_id, reference = complaint
    assert reveal(site, "li", reference, "verify").status_code == 200
    auditor = browser_for(site, "sun", lang="zh_CN")
    response = auditor.get("/audit/contact-reads")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert reference in html and "li" in html and "东湖区" in html and "核实举报内容" in html
    assert PHONE not in html and "欧阳秀英" not in html and "oy@example.org" not in html
    assert browser_for(site, "li").get("/audit/contact-reads").status_code == 403


def test_the_desk_records_contact_without_the_identity(
    site: Flask,  # noqa: F811
    complaint: tuple[Any, str],
    ducha: Ducha,
    sync: Sync,  # noqa: F811
) -> None:
    case_id, reference = complaint
    browser = browser_for(site, "li", lang="zh_CN")
    assert "record_contact" in offered_forms(page(browser, reference))
    refused = post(browser, reference, "record_contact", {"outcome": "called_back", "note": PHONE})
    assert refused.status_code == 400 and events(ducha, case_id) == ["Reported"]
    done = post(browser, reference, "record_contact", {"outcome": "result_told", "note": "已告知"})
    assert done.status_code == 303
    assert events(ducha, case_id) == ["Reported", "ContactRecorded"]
    sync()
    assert "联系记录：已告知结果。已告知" in page(browser, reference)
    office = browser_for(site, "wang")
    assert "record_contact" not in offered_forms(page(office, reference))
    assert post(office, reference, "record_contact", {"outcome": "unreachable"}).status_code == 403
    assert events(ducha, case_id) == ["Reported", "ContactRecorded"]
