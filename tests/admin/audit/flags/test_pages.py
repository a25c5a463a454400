"""The auditors' flag pages: dashboard, list, one flag with its cited events, and the review,
recorded as an event; other roles are refused."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import Flask

from admin.audit.flag_labels import RULE_LABELS
from core.review.aggregate import review_id
from core.rules.flags import RULES
from core.service.application import Ducha
from demo.cheats import Cheats
from projections.flags.queries import flags_for_case
from tests.admin.casework import Sync, browser_for

ONE_BACKEND = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def flagged(site: Flask, cheats: Cheats, sync: Sync) -> Cheats:
    sync()
    return cheats


def _html(response: object, expected: int = 200) -> str:
    assert response.status_code == expected, response.get_data(as_text=True)[:400]  # type: ignore[attr-defined]
    return unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def _flag_of(site: Flask, ducha: Ducha, cheats: Cheats, rule: str) -> str:
    engine = site.extensions["ducha"].engine
    return next(f.flag_id for f in flags_for_case(engine, cheats.cases[rule]) if f.rule == rule)


def test_every_rule_has_a_label() -> None:
    assert RULE_LABELS.keys() == RULES.keys()


@ONE_BACKEND
def test_dashboard_list_and_flag_page(site: Flask, ducha: Ducha, flagged: Cheats) -> None:
    auditor = browser_for(site, "sun")
    dashboard = _html(auditor.get("/audit/dashboard"))
    assert re.search(r'data-key="R5">.*?<td class="count">1</td>', dashboard, re.S)
    assert 'id="per-100"' in dashboard
    listed = _html(auditor.get("/audit/flags?rule=R11"))
    assert listed.count('data-rule="R11"') == 1 and 'data-rule="R5"' not in listed
    flag_id = _flag_of(site, ducha, flagged, "R4")
    page = _html(auditor.get(f"/audit/flags/{flag_id}"))
    river = ducha.get(flagged.cases["R6"]).reference
    assert river in page  # the other case whose photo was reused is cited
    assert page.count("<tr data-version=") == 2
    assert 'data-state="open"' in page


@ONE_BACKEND
def test_a_review_is_recorded_as_events_and_shown_on_the_flag(
    site: Flask, ducha: Ducha, flagged: Cheats, sync: Sync
) -> None:
    auditor = browser_for(site, "sun")
    flag_id = _flag_of(site, ducha, flagged, "R11")
    url = f"/audit/flags/{flag_id}"
    response = auditor.submit(url, {"decision": "confirmed", "reason": "现场照片证实属实"},
                              action=f"{url}/review")  # fmt: skip
    assert response.status_code == 303
    auditor.submit(url, {"decision": "dismissed", "reason": "复查后已整改"}, action=f"{url}/review")
    events = ducha.events.get(review_id(flag_id))
    assert [(type(e).__name__, e.decision, e.actor.user_id) for e in events] == [
        ("Reviewed", "confirmed", "sun"),
        ("Revised", "dismissed", "sun"),
    ]
    sync()
    page = _html(auditor.get(url))
    assert 'data-state="dismissed"' in page and "现场照片证实属实" in page
    assert [e.originator_id for e in ducha.history(flagged.cases["R11"])].count(
        review_id(flag_id)
    ) == 0


@ONE_BACKEND
def test_a_review_without_a_reason_is_refused(site: Flask, ducha: Ducha, flagged: Cheats) -> None:
    auditor = browser_for(site, "sun")
    flag_id = _flag_of(site, ducha, flagged, "R3")
    url = f"/audit/flags/{flag_id}"
    page = _html(
        auditor.submit(url, {"decision": "confirmed", "reason": ""}, action=f"{url}/review"), 400
    )
    assert "Please correct the form." in page
    assert list(ducha.events.get(review_id(flag_id))) == []


@ONE_BACKEND
def test_other_roles_are_refused_and_record_nothing(
    site: Flask, ducha: Ducha, flagged: Cheats
) -> None:
    flag_id = _flag_of(site, ducha, flagged, "R5")
    office = browser_for(site, "wang")
    river = ducha.get(flagged.cases["R6"]).reference
    token = office.token(f"/admin/cases/{river}")  # the office's own session token
    refused = office.client.post(
        f"/audit/flags/{flag_id}/review",
        data={"csrf_token": token, "decision": "dismissed", "reason": "不是问题"},
    )
    assert "This page needs one of these roles: auditor." in _html(refused, 403)
    assert list(ducha.events.get(review_id(flag_id))) == []
    for url in ("/audit/dashboard", "/audit/flags", f"/audit/flags/{flag_id}"):
        assert office.get(url).status_code == 403


@ONE_BACKEND
def test_an_unknown_flag_is_not_found(site: Flask) -> None:
    auditor = browser_for(site, "sun")
    assert "No integrity flag has the id nope." in _html(auditor.get("/audit/flags/nope"), 404)


@ONE_BACKEND
def test_the_officials_case_page_shows_the_flags_box(
    site: Flask, ducha: Ducha, flagged: Cheats
) -> None:
    office = browser_for(site, "wang")
    copier = ducha.get(flagged.cases["R5"]).reference
    page = _html(office.get(f"/admin/cases/{copier}"))
    box = page[page.index('id="integrity-flags"') :]
    assert 'data-rule="R5"' in box and 'data-rule="R4"' in box and "Not reviewed" in box
    assert "/audit/flags/" not in box  # officials cannot open the auditors' pages


@ONE_BACKEND
def test_explanations_are_translated_on_the_pages(
    site: Flask, ducha: Ducha, flagged: Cheats
) -> None:
    auditor = browser_for(site, "sun", lang="zh")
    page = _html(auditor.get("/audit/flags?rule=R4"))
    assert "整改后照片与另一案件的照片是同一文件（SHA-256 相同）。" in page
    assert "An after photo" not in page
