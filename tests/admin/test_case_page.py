"""The officials' case page: summary, timeline, related cases, who may read it, and which
action forms each role is offered."""

from __future__ import annotations

import pytest
from flask import Flask

from core.service.application import Ducha
from tests.admin.casework import (
    PAST,
    Browser,
    Sync,
    browser_for,
    events,
    new_case,
    offered_forms,
    officials,  # noqa: F401
    page,
    post,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.conftest import Clock
from tests.helpers import INTAKE, OFFICE, drive


def test_the_summary_and_the_timeline_in_chinese_and_english(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
    sync: Sync,  # noqa: F811
) -> None:
    clock.now = PAST
    case_id, reference = new_case(ducha, "湖滨路河道黑臭")
    drive(ducha, case_id, clock, until="plan")
    sync()
    browser = browser_for(site, "wang", lang="zh_CN")
    html = page(browser, reference)
    assert f"{reference} · 湖滨路河道黑臭" in html
    assert 'id="case-status">整改中<' in html
    assert "湖滨街道" in html and "湖滨路 18 号" in html and "群众举报" in html
    assert 'class="overdue"' in html  # transferred in March with the default time limit
    for event in ["Reported", "Accepted", "Transferred", "Acknowledged", "PlanSubmitted"]:
        assert f'data-event="{event}"' in html
    assert "u-office" in html and "submitted" in html
    english = browser.get(f"/admin/cases/{reference}?lang=en").get_data(as_text=True)
    assert 'id="case-status">rectifying<' in english
    assert "Hubin" in english


def test_related_cases_and_linked_complaints(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    parent_id, parent_ref = new_case(ducha, "流域污染问题")
    ducha.accept(INTAKE, parent_id)
    child = ducha.add_measure(OFFICE, parent_id, title="截污纳管", description="管网改造。")
    ducha.link_complaint(INTAKE, parent_id, "又一群众反映同一问题")
    browser = browser_for(site, "wang")
    parent_page = browser.get(f"/admin/cases/{parent_ref}?lang=en").get_data(as_text=True)
    assert f'data-child="{child.reference}"' in parent_page and "截污纳管" in parent_page
    assert "Linked complaints: 1" in parent_page
    child_page = page(browser, child.reference)
    assert f'href="/admin/cases/{parent_ref}"' in child_page


def test_auditors_read_without_forms_and_strangers_are_kept_out(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    _, reference = new_case(ducha)
    auditor = browser_for(site, "sun")
    assert offered_forms(page(auditor, reference)) == set()
    outsider = browser_for(site, "xu")  # intake of Xishan; the case is in Donghu
    assert "jurisdiction" in page(outsider, reference, expected=403)
    unit = browser_for(site, "zhao")  # not transferred to the unit yet
    page(unit, reference, expected=403)
    assert auditor.get("/admin/cases/GZ-2000-999999").status_code == 404
    anonymous = site.test_client().get(f"/admin/cases/{reference}")
    assert anonymous.status_code == 302 and "/admin/login" in anonymous.location


def forms_of(web_app: Flask, username: str, reference: str) -> set[str]:
    return offered_forms(page(browser_for(web_app, username), reference))


def test_each_role_is_offered_exactly_its_actions_on_a_new_complaint(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    _, reference = new_case(ducha)
    assert forms_of(site, "li", reference) == {
        "accept",
        "decline",
        "merge",
        "post_note",
        "record_contact",
    }
    assert forms_of(site, "wang", reference) == {"merge", "trigger_accountability", "post_note"}
    assert forms_of(site, "zhou", reference) == {"attach_evidence", "post_note"}
    assert forms_of(site, "chen", reference) == {"post_note"}


def test_each_role_is_offered_exactly_its_actions_during_rectification(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="plan")
    assert forms_of(site, "zhao", reference) == {
        "report_progress",
        "attach_evidence",
        "request_extension",
        "claim_completion",
        "post_note",
    }
    assert forms_of(site, "wang", reference) == {
        "approve_plan",
        "return_plan",
        "trigger_accountability",
        "propose_typical_case",
        "post_note",
    }
    assert forms_of(site, "li", reference) == {"post_note", "record_contact"}
    assert forms_of(site, "zhou", reference) == {
        "record_site_inspection",
        "attach_evidence",
        "post_note",
    }


@pytest.mark.parametrize(
    ("status", "who", "expected"),
    [
        ("acceptance_requested", "zhou", {"record_site_inspection", "verify", "fail_verification"}),
        ("verified", "wang", {"open_public_notice"}),
        ("public_notice", "chen", {"sign_off"}),
        ("closed", "zhou", {"record_site_inspection", "pass_look_back", "rebound"}),
    ],
)
def test_later_statuses_offer_their_transitions(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
    status: str,
    who: str,
    expected: set[str],
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until=status)
    assert expected <= forms_of(site, who, reference)


def test_the_typical_case_form_previews_the_redaction_without_recording(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    case_id, reference = new_case(ducha)
    ducha.accept(INTAKE, case_id)
    browser: Browser = browser_for(site, "wang")
    text = "举报人电话 13812345678，企业偷排。"
    response = post(
        browser,
        reference,
        "propose_typical_case",
        {"title": "偷排案", "text": text, "preview": "1"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-preview-for="propose_typical_case"' in html
    assert "举报人电话 ＊＊＊，企业偷排。" in html
    assert events(ducha, case_id) == ["Reported", "Accepted"]
