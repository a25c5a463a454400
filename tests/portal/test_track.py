"""Following a report: code and secret, no enumeration, material, objection, feedback."""

from __future__ import annotations

import io
import re
from typing import Any

from core.service.application import Ducha
from tests.helpers import drive
from tests.photos import photo_bytes
from tests.portal.conftest import Browser, receipt_of, report_data


def reported(browser: Browser) -> tuple[str, str]:
    browser.submit("/report", report_data())
    return receipt_of(browser)


def fresh(browser: Browser) -> Browser:
    """Another browser: nothing remembered in its session."""
    return Browser(browser.client.application.test_client())


def without_tokens(page: str) -> str:
    return re.sub(r'value="[^"]*"', "", page)


def test_code_and_secret_open_the_tracking_page(browser: Browser) -> None:
    code, secret = reported(browser)
    other = fresh(browser)
    response = other.submit("/track", {"code": code.lower(), "secret": secret})
    assert response.status_code == 303 and response.location.endswith(f"/track/{code}")
    page = other.get(f"/track/{code}").get_data(as_text=True)
    assert code in page and 'id="case-status"' in page


def test_a_wrong_secret_and_an_unknown_code_get_the_same_answer(browser: Browser) -> None:
    code, _secret = reported(browser)
    other = fresh(browser)
    wrong = other.submit("/track", {"code": code, "secret": "not-the-secret"})
    unknown = other.submit("/track", {"code": "GZ-20200101-0001", "secret": "not-the-secret"})
    assert wrong.status_code == unknown.status_code == 400
    assert without_tokens(wrong.get_data(as_text=True)) == without_tokens(
        unknown.get_data(as_text=True)
    )


def test_the_tracking_page_needs_the_secret_first(browser: Browser) -> None:
    code, _secret = reported(browser)
    response = fresh(browser).get(f"/track/{code}")
    assert response.status_code == 303 and response.location.endswith("/track")


def test_material_adds_a_private_note_and_photos(browser: Browser, ducha: Ducha) -> None:
    code, _secret = reported(browser)
    response = browser.submit(
        f"/track/{code}",
        {"text": "晚上气味更重。", "photos": [(io.BytesIO(photo_bytes()), "night.jpg")]},
        action=f"/track/{code}/material",
    )
    assert response.status_code == 303
    events = ducha.history(ducha.get_by_reference(code).id)
    assert [type(e).__name__ for e in events][-2:] == ["NotePosted", "EvidenceAttached"]
    note: Any = events[-2]
    assert note.public is False and note.actor.role.value == "resident"


def test_empty_material_is_refused(browser: Browser, ducha: Ducha) -> None:
    code, _secret = reported(browser)
    response = browser.submit(f"/track/{code}", {"text": ""}, action=f"/track/{code}/material")
    assert response.status_code == 400
    assert ducha.get_by_reference(code).version == 1


def test_an_objection_during_the_public_notice_is_recorded(
    browser: Browser, ducha: Ducha, clock: Any
) -> None:
    code, _secret = reported(browser)
    drive(ducha, ducha.get_by_reference(code).id, clock, until="public_notice")
    page = browser.get(f"/track/{code}").get_data(as_text=True)
    assert f"/track/{code}/objection" in page
    response = browser.submit(
        f"/track/{code}", {"text": "河水仍然发黑。"}, action=f"/track/{code}/objection"
    )
    assert response.status_code == 303
    case = ducha.get_by_reference(code)
    assert len(case.open_objections) == 1


def test_an_objection_outside_the_notice_is_refused_without_an_event(
    browser: Browser, ducha: Ducha
) -> None:
    code, _secret = reported(browser)
    page = browser.get(f"/track/{code}").get_data(as_text=True)
    assert f"/track/{code}/objection" not in page
    response = browser.submit(
        f"/track/{code}", {"text": "我反对。"}, action=f"/track/{code}/objection"
    )
    assert response.status_code == 422
    assert ducha.get_by_reference(code).version == 1


def test_not_fixed_feedback_after_closing_is_recorded(
    browser: Browser, ducha: Ducha, clock: Any
) -> None:
    code, _secret = reported(browser)
    drive(ducha, ducha.get_by_reference(code).id, clock, until="closed")
    response = browser.submit(
        f"/track/{code}", {"fixed": "no", "text": "又开始排污了"}, action=f"/track/{code}/feedback"
    )
    assert response.status_code == 303
    case = ducha.get_by_reference(code)
    assert case.feedback_not_fixed == 1


def test_no_material_is_taken_once_the_case_is_closed(
    browser: Browser, ducha: Ducha, clock: Any
) -> None:
    code, _secret = reported(browser)
    drive(ducha, ducha.get_by_reference(code).id, clock, until="closed")
    version = ducha.get_by_reference(code).version
    page = browser.get(f"/track/{code}").get_data(as_text=True)
    assert f"/track/{code}/material" not in page
    response = browser.submit(f"/track/{code}", {"text": "补充"}, action=f"/track/{code}/material")
    assert response.status_code == 422
    assert ducha.get_by_reference(code).version == version
