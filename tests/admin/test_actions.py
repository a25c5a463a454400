"""Every transition through the officials' case page, by the role that takes it; and the
refusals: wrong role, wrong jurisdiction, illegal transition, missing CSRF, a stale version."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from flask import Flask

from core.domain.values import AccountabilityForm
from core.service.application import Ducha
from tests.admin.casework import (
    PAST,
    browser_for,
    events,
    new_case,
    officials,  # noqa: F401
    page,
    post,
    seen,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.conftest import Clock
from tests.helpers import INTAKE, OFFICE, RESIDENT, UNIT, drive
from tests.photos import bomb_png, photo_bytes

Setup = Callable[[Ducha, Clock, UUID], dict[str, Any]]


def until(status: str) -> Setup:
    def setup(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
        drive(ducha, case_id, clock, until=status)
        return {}

    return setup


def merge_target(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
    _, target = new_case(ducha, "同一河道的另一投诉")
    return {"into": target}


def with_far_deadline(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
    ducha.accept(INTAKE, case_id)
    ducha.transfer(OFFICE, case_id, "jc.donghu.hubin", date(2027, 6, 30))
    ducha.acknowledge(UNIT, case_id)
    return {}


def extension_requested(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
    with_far_deadline(ducha, clock, case_id)
    ducha.request_extension(UNIT, case_id, 10, "雨季施工受阻")
    return {}


def objection_raised(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
    drive(ducha, case_id, clock, until="public_notice")
    ducha.raise_objection(RESIDENT, case_id, "河道仍有异味")
    return {"objection": ducha.get(case_id).open_objections[0]}


def accountability_open(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
    drive(ducha, case_id, clock, until="rectifying")
    ducha.trigger_accountability(
        OFFICE, case_id, AccountabilityForm.TALK, "jc.donghu.hubin", "街道主任", "整改不力"
    )
    return {"accountability": ducha.get(case_id).accountability_open[0]}


def typical_proposed(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
    drive(ducha, case_id, clock, until="closed")
    ducha.propose_typical_case(OFFICE, case_id, "黑臭水体整改", "群众举报后……")
    return {}


def nothing(ducha: Ducha, clock: Clock, case_id: UUID) -> dict[str, Any]:
    return {}


def photo() -> tuple[io.BytesIO, str]:
    return io.BytesIO(photo_bytes()), "after.jpg"


#: (ui action, who, setup, form data, the event it records)
SCENARIOS: list[tuple[str, str, Setup, dict[str, Any], str]] = [
    ("accept", "li", nothing, {"note": "属实，受理"}, "Accepted"),
    ("decline", "li", nothing, {"reason": "不属于环保问题", "referral": "市场监管局"}, "Declined"),
    ("merge", "li", merge_target, {}, "Merged"),
    ("transfer", "wang", until("accepted"),
     {"unit": "jc.donghu.hubin", "deadline": "2027-06-30", "instructions": "限期整改"},
     "Transferred"),
    ("acknowledge", "zhao", until("transferred"), {"note": "已签收"}, "Acknowledged"),
    ("submit_plan", "zhao", until("rectifying"), {"text": "清淤截污，三个月完成"}, "PlanSubmitted"),
    ("approve_plan", "wang", until("plan"), {"comment": "同意"}, "PlanApproved"),
    ("return_plan", "wang", until("plan"), {"reason": "措施不具体"}, "PlanReturned"),
    ("report_progress", "zhao", until("approved"), {"text": "完成清淤一半", "percent": "50"},
     "ProgressReported"),
    ("request_extension", "zhao", with_far_deadline, {"days": "10", "reason": "雨季施工"},
     "ExtensionRequested"),
    ("grant_extension", "wang", extension_requested, {"comment": "同意"}, "ExtensionGranted"),
    ("deny_extension", "wang", extension_requested, {"reason": "理由不足"}, "ExtensionDenied"),
    ("claim_completion", "zhao", until("evidence"),
     {"report": "已完成整改", "substantiated": "yes"}, "CompletionClaimed"),
    ("record_site_inspection", "zhou", until("acceptance_requested"),
     {"findings": "现场无异味", "inspectors": "王敏, 李静", "lat": "30.59", "lon": "114.3"},
     "SiteInspected"),
    ("verify", "zhou", until("inspected"), {"opinion": "整改到位"}, "Verified"),
    ("fail_verification", "zhou", until("acceptance_requested"), {"reason": "仍有排污"},
     "VerificationFailed"),
    ("open_public_notice", "wang", until("verified"), {"text": "整改结果公示", "window_days": "5"},
     "PublicNoticeOpened"),
    ("resolve_objection", "wang", objection_raised, {"upheld": "no", "resolution": "经核查不成立"},
     "ObjectionResolved"),
    ("sign_off", "chen", until("public_notice"), {"comment": "同意销号"}, "SignedOff"),
    ("close", "wang", until("signed"), {"summary": "整改完成，予以销号"}, "Closed"),
    ("pass_look_back", "zhou", until("closed"), {"findings": "未反弹"}, "LookBackPassed"),
    ("rebound", "zhou", until("closed"), {"reason": "河道再次发黑", "source": "look_back"},
     "Rebounded"),
    ("trigger_accountability", "wang", until("rectifying"),
     {"form": "talk", "target_unit": "jc.donghu.hubin", "target_post": "街道主任",
      "basis": "整改不力"}, "AccountabilityTriggered"),
    ("conclude_accountability", "wang", accountability_open, {"outcome": "已约谈"},
     "AccountabilityConcluded"),
    ("post_note", "li", nothing, {"text": "已电话联系举报人", "public": "y"}, "NotePosted"),
    ("record_contact", "li", nothing,
     {"outcome": "called_back", "note": "已回电"}, "ContactRecorded"),
    ("propose_typical_case", "wang", until("closed"),
     {"title": "黑臭水体整改", "text": "群众举报后，责任单位限期整改。"}, "TypicalCaseProposed"),
    ("approve_typical_case", "wu", typical_proposed,
     {"title": "黑臭水体整改", "text": "群众举报后，责任单位限期整改。"}, "TypicalCasePublished"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("action", "who", "setup", "data", "event"), SCENARIOS, ids=[s[0] for s in SCENARIOS]
)
def test_each_action_records_its_event(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
    action: str,
    who: str,
    setup: Setup,
    data: dict[str, Any],
    event: str,
) -> None:
    clock.now = PAST
    case_id, reference = new_case(ducha)
    extra = setup(ducha, clock, case_id)
    before = events(ducha, case_id)
    browser = browser_for(site, who)
    assert f'data-action="{action}"' in page(browser, reference)
    response = post(browser, reference, action, {**data, **extra})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.location.endswith(f"/admin/cases/{reference}")
    assert events(ducha, case_id) == [*before, event]
    assert "Done:" in page(browser, reference)


def test_evidence_and_photos_are_recorded_with_the_action(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
) -> None:
    clock.now = PAST
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="approved")
    browser = browser_for(site, "zhao")
    response = post(browser, reference, "attach_evidence", {"photos": photo(), "kind": "after"})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert events(ducha, case_id)[-1] == "EvidenceAttached"
    response = post(browser, reference, "claim_completion", {"report": "完成", "photos": photo()})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert events(ducha, case_id)[-2:] == ["EvidenceAttached", "CompletionClaimed"]


def test_a_decompression_bomb_is_refused_and_nothing_is_recorded(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="approved")
    before = events(ducha, case_id)
    bomb = (io.BytesIO(bomb_png()), "huge.png")
    response = post(browser_for(site, "zhao"), reference, "attach_evidence", {"photos": bomb})
    assert response.status_code == 400
    assert "huge.png: the photo is too large in pixels" in response.get_data(as_text=True)
    assert events(ducha, case_id) == before


def test_a_role_that_may_not_act_gets_403_and_nothing_is_recorded(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    case_id, reference = new_case(ducha)
    ducha.accept(INTAKE, case_id)
    before = events(ducha, case_id)
    browser = browser_for(site, "li")  # intake may not transfer
    response = post(browser, reference, "transfer", {"unit": "jc.donghu.hubin"})
    assert response.status_code == 403
    assert 'id="denied-message"' in response.get_data(as_text=True)
    assert events(ducha, case_id) == before
    auditor = browser_for(site, "sun")
    base = {"csrf_token": auditor.token("/admin/"), "version": str(ducha.get(case_id).version)}
    assert post(auditor, reference, "post_note", {"text": "审计意见"}, **base).status_code == 403
    assert events(ducha, case_id) == before


def test_outside_the_jurisdiction_gets_403_and_nothing_is_recorded(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    case_id, reference = new_case(ducha)  # in Donghu
    browser = browser_for(site, "xu")  # intake of Xishan
    denied = page(browser, reference, expected=403)
    assert 'id="denied-message"' in denied
    base = {"csrf_token": browser.token("/admin/"), "version": str(ducha.get(case_id).version)}
    response = post(browser, reference, "accept", {"note": "越权"}, **base)
    assert response.status_code == 403
    assert events(ducha, case_id) == ["Reported"]


def test_an_action_the_status_does_not_allow_gets_409_and_nothing_is_recorded(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    case_id, reference = new_case(ducha)
    browser = browser_for(site, "li")
    assert post(browser, reference, "accept", {}).status_code == 303
    response = post(browser, reference, "accept", {})  # offered no more
    assert response.status_code == 409
    assert 'id="case-message"' in response.get_data(as_text=True)
    assert events(ducha, case_id) == ["Reported", "Accepted"]


def test_a_form_without_its_csrf_token_is_refused(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    case_id, reference = new_case(ducha)
    browser = browser_for(site, "li")
    fields = seen(page(browser, reference))
    del fields["csrf_token"]
    response = post(browser, reference, "accept", {}, **fields)
    assert response.status_code == 400
    assert events(ducha, case_id) == ["Reported"]


def test_invalid_fields_get_400_with_the_errors_next_to_them(
    site: Flask,  # noqa: F811
    ducha: Ducha,
) -> None:
    case_id, reference = new_case(ducha)
    browser = browser_for(site, "li")
    response = post(browser, reference, "decline", {"reason": ""})
    assert response.status_code == 400
    assert 'data-error-for="reason"' in response.get_data(as_text=True)
    assert events(ducha, case_id) == ["Reported"]


def test_a_domain_rule_refusal_shows_its_message(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    browser = browser_for(site, "zhao")
    # no evidence this round: the domain refuses with RuleViolation
    response = post(browser, reference, "claim_completion", {"report": "完成"})
    assert response.status_code == 422
    assert "attach evidence" in response.get_data(as_text=True)
    assert "CompletionClaimed" not in events(ducha, case_id)


def test_two_officials_on_the_same_version_the_second_gets_409(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="plan")
    first, second = browser_for(site, "wang"), browser_for(site, "wu")
    first_saw, second_saw = seen(page(first, reference)), seen(page(second, reference))
    assert first_saw["version"] == second_saw["version"]
    approved = post(first, reference, "approve_plan", {"comment": "同意"}, **first_saw)
    assert approved.status_code == 303
    returned = post(second, reference, "return_plan", {"reason": "不同意"}, **second_saw)
    assert returned.status_code == 409
    html = returned.get_data(as_text=True)
    assert "this case changed since you opened it" in html.lower()
    new_version = str(ducha.get(case_id).version)
    assert f'id="summary" data-version="{new_version}"' in html
    assert 'data-action="return_plan"' not in html  # the plan is approved now
    history = events(ducha, case_id)
    assert history.count("PlanApproved") == 1 and "PlanReturned" not in history
