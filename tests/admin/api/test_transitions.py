"""Transitions through the staff API, with the case page's checks: every action by its role,
and every refusal (role, unit, separation of duties, stale version, status, bad input) leaves
the case as it was."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from stores.api_keys import create_key
from stores.staff import create_account, grant
from tests.admin.api.conftest import Staff, refused
from tests.admin.casework import events, new_case
from tests.admin.test_actions import SCENARIOS
from tests.conftest import Clock
from tests.helpers import INSPECTOR, INTAKE, drive
from tests.photos import bomb_png, photo_bytes
from tests.stores.test_evidence import full_disk

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_every_action_by_its_role_records_its_event(
    ducha: Ducha, clock: Clock, staff: dict[str, Staff]
) -> None:
    """The case page's own scenarios, sent as JSON."""
    for action, who, setup, data, event in SCENARIOS:
        case_id, reference = new_case(ducha)
        extra = setup(ducha, clock, case_id)
        body: dict[str, Any] = {**data, **extra, "version": ducha.get(case_id).version}
        response = staff[who].act(reference, action, body)
        assert response.status_code == 200, (action, response.data)
        result = response.get_json()
        assert result["action"] == action and result["version"] == ducha.get(case_id).version
        assert events(ducha, case_id)[-1] == event, action


def test_a_role_that_may_not_act_is_403_and_nothing_is_recorded(
    ducha: Ducha, staff: dict[str, Staff]
) -> None:
    case_id, reference = new_case(ducha)
    refused(staff["chen"].act(reference, "accept", {"version": 1}), 403, "permission_denied")
    assert events(ducha, case_id) == ["Reported"]


def test_another_units_case_is_403_and_nothing_is_recorded(
    ducha: Ducha, staff: dict[str, Staff]
) -> None:
    case_id, reference = new_case(ducha)
    refused(staff["xu"].act(reference, "accept", {"version": 1}), 403, "out_of_jurisdiction")
    assert events(ducha, case_id) == ["Reported"]


def test_separation_of_duties_is_403_and_nothing_is_recorded(
    site: Flask, ducha: Ducha, clock: Clock, engine: Engine, tree: OrgTree
) -> None:
    now = datetime.now(UTC)
    create_account(engine, "dual", "Dual", "correct horse battery", now)
    grant(engine, tree, "dual", "unit", "jc.donghu.hubin", "root", now)
    grant(engine, tree, "dual", "inspector", "jc.dcz1", "root", now)
    dual = Staff(site.test_client(), create_key(engine, "dual-key", now, username="dual"))
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="evidence")
    claim = {"report": "已完成整改", "version": ducha.get(case_id).version}
    assert dual.act(reference, "claim_completion", claim, "unit@jc.donghu.hubin").status_code == 200
    ducha.record_site_inspection(INSPECTOR, case_id, "到位", ["王敏"])
    before = events(ducha, case_id)
    verify = {"opinion": "通过", "version": ducha.get(case_id).version}
    response = dual.act(reference, "verify", verify, "inspector@jc.dcz1")
    refused(response, 403, "separation_of_duties")
    assert events(ducha, case_id) == before


def test_a_stale_version_is_409_and_nothing_is_recorded(
    ducha: Ducha, staff: dict[str, Staff]
) -> None:
    case_id, reference = new_case(ducha)
    assert (
        staff["li"].act(reference, "post_note", {"text": "已联系", "version": 1}).status_code == 200
    )
    message = refused(staff["li"].act(reference, "accept", {"version": 1}), 409)
    assert "changed since version 1" in message
    assert events(ducha, case_id) == ["Reported", "NotePosted"]


def test_an_action_the_status_forbids_is_409(ducha: Ducha, staff: dict[str, Staff]) -> None:
    case_id, reference = new_case(ducha)
    refused(staff["wang"].act(reference, "close", {"summary": "x", "version": 1}), 409)
    assert events(ducha, case_id) == ["Reported"]


@pytest.mark.parametrize(
    "body",
    [{"version": 1}, {"reason": "无理由"}, {"version": "one", "reason": "x"}, [1, 2], "decline"],
    ids=["no-reason", "no-version", "bad-version", "array", "string"],
)
def test_bad_input_is_400_and_nothing_is_recorded(
    ducha: Ducha, staff: dict[str, Staff], body: Any
) -> None:
    case_id, reference = new_case(ducha)
    refused(staff["li"].act(reference, "decline", body), 400, "invalid_input")
    assert events(ducha, case_id) == ["Reported"]


def test_a_choice_not_offered_is_400_in_english(ducha: Ducha, staff: dict[str, Staff]) -> None:
    case_id, reference = new_case(ducha)
    ducha.accept(INTAKE, case_id)
    body = {"unit": "jc.nowhere", "version": 2}
    message = refused(staff["wang"].act(reference, "transfer", body), 400, "invalid_input")
    assert message == "unit: Not a valid choice."
    assert events(ducha, case_id) == ["Reported", "Accepted"]


def test_an_unknown_action_or_case_is_404(ducha: Ducha, staff: dict[str, Staff]) -> None:
    _, reference = new_case(ducha)
    refused(staff["li"].act(reference, "teleport", {"version": 1}), 404, "unknown_action")
    refused(staff["li"].act("GZ-20990101-0009", "accept", {"version": 1}), 404)


def upload(staff: Staff, reference: str, files: list[tuple[bytes, str]], version: int) -> Any:
    data: dict[str, Any] = {"version": str(version), "kind": "after", "caption": "整改后"}
    data["photos"] = [(io.BytesIO(content), name) for content, name in files]
    return staff.client.post(
        f"/api/v1/cases/{reference}/evidence",
        data=data,
        headers=staff.headers(None),
        content_type="multipart/form-data",
    )


def test_evidence_upload_attaches_photos_and_documents(
    ducha: Ducha, clock: Clock, staff: dict[str, Staff]
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    version = ducha.get(case_id).version
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = upload(staff["zhao"], reference, [(photo_bytes(), "a.jpg"), (pdf, "r.pdf")], version)
    assert response.status_code == 200, response.data
    assert events(ducha, case_id)[-2:] == ["EvidenceAttached", "EvidenceAttached"]


def test_a_file_that_is_neither_photo_nor_pdf_is_400(
    ducha: Ducha, clock: Clock, staff: dict[str, Staff]
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    before = events(ducha, case_id)
    response = upload(staff["zhao"], reference, [(b"MZ\x90\x00", "x.exe")], len(before))
    assert "x.exe" in refused(response, 400, "invalid_input")
    assert events(ducha, case_id) == before


def test_a_decompression_bomb_is_400(ducha: Ducha, clock: Clock, staff: dict[str, Staff]) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    before = events(ducha, case_id)
    response = upload(staff["zhao"], reference, [(bomb_png(), "huge.png")], len(before))
    assert "huge.png: the photo is too large in pixels" in refused(response, 400)
    assert events(ducha, case_id) == before


def test_a_full_disk_is_503(
    ducha: Ducha, clock: Clock, staff: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    before = events(ducha, case_id)
    full_disk(monkeypatch)
    response = upload(staff["zhao"], reference, [(photo_bytes(), "after.jpg")], len(before))
    assert "cannot be stored right now" in refused(response, 503, "evidence_unavailable")
    assert events(ducha, case_id) == before


def test_no_evidence_at_all_is_400(ducha: Ducha, clock: Clock, staff: dict[str, Staff]) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    version = ducha.get(case_id).version
    refused(upload(staff["zhao"], reference, [], version), 400)
