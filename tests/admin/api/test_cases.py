"""Reading through the staff API: keys, the caller's jurisdiction, filters and one case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from core.service.contacts import Contact
from stores.api_keys import create_key, revoke_key
from stores.staff import create_account, grant
from tests.admin.api.conftest import Staff, refused
from tests.admin.casework import Sync
from tests.helpers import RESIDENT, report

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def xishan_case(ducha: Ducha) -> str:
    receipt = ducha.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title="西山工地扬尘",
        description="工地扬尘严重。",
        categories=[Category.AIR],
        place=Place("jc.xishan", None, "西山大道 8 号"),
    )
    return receipt.reference


@pytest.fixture
def two_cases(ducha: Ducha, sync: Sync) -> tuple[str, str]:
    donghu = report(ducha).reference
    xishan = xishan_case(ducha)
    sync()
    return donghu, xishan


def listed(staff: Staff, query: str = "") -> set[str]:
    response = staff.get(f"/api/v1/cases?{query}")
    assert response.status_code == 200, response.data
    return {row["reference"] for row in response.get_json()["items"]}


def test_no_key_or_a_wrong_key_is_403(site: Flask) -> None:
    client = site.test_client()
    assert "required" in refused(client.get("/api/v1/cases"), 403, "permission_denied")
    bad = {"Authorization": "Bearer dk_wrong"}
    assert "valid API key" in refused(client.get("/api/v1/cases", headers=bad), 403)


def test_a_revoked_key_is_403(staff: dict[str, Staff], engine: Engine) -> None:
    assert staff["li"].get("/api/v1/cases").status_code == 200
    revoke_key(engine, "li-key", datetime.now(UTC))
    refused(staff["li"].get("/api/v1/cases"), 403)


def test_an_open311_key_acts_for_nobody(site: Flask, engine: Engine) -> None:
    key = create_key(engine, "integrator", datetime.now(UTC))
    response = site.test_client().get("/api/v1/cases", headers={"X-Api-Key": key})
    assert "Open311 only" in refused(response, 403)


def test_the_list_holds_the_callers_jurisdiction(
    staff: dict[str, Staff], two_cases: tuple[str, str]
) -> None:
    donghu, xishan = two_cases
    assert listed(staff["li"]) == {donghu}
    assert listed(staff["xu"]) == {xishan}
    assert listed(staff["sun"]) == {donghu, xishan}  # the auditor reads every case


def test_search_and_filters(staff: dict[str, Staff], two_cases: tuple[str, str]) -> None:
    donghu, xishan = two_cases
    auditor = staff["sun"]
    assert listed(auditor, "q=扬尘") == {xishan}
    assert listed(auditor, "category=water") == {donghu}
    assert listed(auditor, "district=jc.xishan&status=reported") == {xishan}
    assert listed(auditor, "status=closed") == set()
    page = auditor.get("/api/v1/cases?page_size=1&page=2").get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (2, 2, 1)


@pytest.mark.parametrize(
    "query", ["status=sleeping", "category=lava", "district=jc.nowhere", "page=0", "page_size=x"]
)
def test_a_bad_filter_is_400_not_ignored(
    staff: dict[str, Staff], two_cases: tuple[str, str], query: str
) -> None:
    refused(staff["sun"].get(f"/api/v1/cases?{query}"), 400, "invalid_input")


def test_a_case_with_its_timeline_and_the_callers_actions(
    staff: dict[str, Staff], two_cases: tuple[str, str]
) -> None:
    donghu, _ = two_cases
    body = staff["li"].get(f"/api/v1/cases/{donghu}").get_json()
    assert body["case"]["reference"] == donghu and body["case"]["version"] == 1
    assert [e["event_type"] for e in body["timeline"]] == ["Reported"]
    assert {"accept", "decline"} <= set(body["actions"])
    assert staff["sun"].get(f"/api/v1/cases/{donghu}").get_json()["actions"] == []


def test_a_case_outside_the_jurisdiction_is_403_and_unknown_is_404(
    staff: dict[str, Staff], two_cases: tuple[str, str]
) -> None:
    donghu, _ = two_cases
    refused(staff["xu"].get(f"/api/v1/cases/{donghu}"), 403, "out_of_jurisdiction")
    refused(staff["li"].get("/api/v1/cases/GZ-20990101-0001"), 404, "case_not_found")


def test_the_grant_to_act_under_is_chosen_per_request(
    site: Flask, engine: Engine, tree: OrgTree, two_cases: tuple[str, str]
) -> None:
    donghu, xishan = two_cases
    now = datetime.now(UTC)
    create_account(engine, "both", "Both", "correct horse battery", now)
    grant(engine, tree, "both", "intake", "jc.donghu", "root", now)
    grant(engine, tree, "both", "intake", "jc.xishan", "root", now)
    both = Staff(site.test_client(), create_key(engine, "both-key", now, username="both"))
    assert listed(both) == {donghu}  # the first grant, as a login without a choice
    response = both.get("/api/v1/cases", grant="intake@jc.xishan")
    assert {r["reference"] for r in response.get_json()["items"]} == {xishan}
    refused(both.get("/api/v1/cases", grant="office@jc"), 403)


def test_each_key_has_its_own_rate_limit(site: Flask, engine: Engine) -> None:
    now = datetime.now(UTC)
    slow = Staff(
        site.test_client(),
        create_key(engine, "slow", now, username="li", rate_limit="2 per minute"),
    )
    fast = Staff(site.test_client(), create_key(engine, "fast", now, username="li"))
    assert [slow.get("/api/v1/cases").status_code for _ in range(2)] == [200, 200]
    refused(slow.get("/api/v1/cases"), 429, "http_429")
    assert fast.get("/api/v1/cases").status_code == 200


def test_an_unknown_path_answers_code_and_message(staff: dict[str, Staff]) -> None:
    refused(staff["li"].get("/api/v1/nothing/here"), 404, "not_found")


def test_no_response_carries_the_complainants_identity(
    ducha: Ducha, sync: Sync, staff: dict[str, Staff]
) -> None:
    reference = report(ducha, Contact(name="张三丰", phone="13912345678")).reference
    sync()
    for who in ("li", "sun"):
        for url in ("/api/v1/cases", f"/api/v1/cases/{reference}"):
            body = staff[who].get(url).get_data(as_text=True)
            assert reference in body and "张三丰" not in body and "13912345678" not in body
