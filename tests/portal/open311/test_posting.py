"""POST requests: a key is required, the portal's checks apply, identity stays in the contact
store, and each key has its own rate limit."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from stores.api_keys import create_key, revoke_key
from stores.contacts import contacts_table
from tests.helpers import INTAKE
from tests.photos import bomb_png, photo_bytes
from tests.portal.open311.conftest import PII_VALUES, no_pii
from tests.portal.open311.schemas import CREATED, ERRORS, from_xml, validate
from tests.stores.test_evidence import full_disk

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
URL = "/open311/v2/requests"
COMPLAINT = {
    "service_code": "air",
    "attribute[district]": "jc.donghu",
    "address_string": "湖滨路 18 号",
    "description": "工厂夜间排放黑烟，气味刺鼻。",
    "first_name": "张",
    "last_name": "三丰",
    "phone": "13912345678",
    "email": "zhang.sanfeng@example.cn",
}


def refused(response: Any, status: int, fmt: str = "json") -> list[str]:
    """The descriptions of an error answer, after checking its status and shape."""
    assert response.status_code == status, response.data
    body = json.loads(response.data) if fmt == "json" else from_xml(response.data, "errors")
    validate(ERRORS, body)
    assert {e["code"] for e in body} == {status}
    return [e["description"] for e in body]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_no_key_is_403(client: FlaskClient, fmt: str) -> None:
    assert "no api_key" in refused(client.post(f"{URL}.{fmt}", data=COMPLAINT), 403, fmt)[0]


def test_a_wrong_key_is_403(client: FlaskClient) -> None:
    response = client.post(f"{URL}.json", data={**COMPLAINT, "api_key": "dk_not-a-key"})
    assert "invalid api_key" in refused(response, 403)[0]


def test_a_revoked_key_is_403(client: FlaskClient, engine: Engine) -> None:
    key = create_key(engine, "gone", datetime.now(UTC))
    assert client.post(f"{URL}.json", data={**COMPLAINT, "api_key": key}).status_code == 200
    revoke_key(engine, "gone", datetime.now(UTC))
    refused(client.post(f"{URL}.json", data={**COMPLAINT, "api_key": key}), 403)


def test_the_portal_checks_apply_and_every_error_is_listed(
    client: FlaskClient, api_key: str
) -> None:
    data = {"api_key": api_key, "service_code": "air", "email": "not-mail", "lat": "91"}
    errors = refused(client.post(f"{URL}.json", data=data), 400)
    joined = " | ".join(errors)
    for part in ("attribute[district]", "address_string", "description", "email", "lat"):
        assert part in joined


def test_an_unknown_service_is_404(client: FlaskClient, api_key: str) -> None:
    data = {**COMPLAINT, "api_key": api_key, "service_code": "lava"}
    refused(client.post(f"{URL}.json", data=data), 404)


def test_a_missing_service_code_is_400(client: FlaskClient, api_key: str) -> None:
    data = {**COMPLAINT, "api_key": api_key, "service_code": ""}
    assert "service_code" in refused(client.post(f"{URL}.xml", data=data), 400, "xml")[0]


def test_a_media_url_is_refused_not_fetched(client: FlaskClient, api_key: str) -> None:
    data = {**COMPLAINT, "api_key": api_key, "media_url": "http://169.254.169.254/x.jpg"}
    assert "media_url" in refused(client.post(f"{URL}.json", data=data), 400)[0]


def test_a_point_without_a_district_finds_its_district(
    client: FlaskClient, api_key: str, site: Flask
) -> None:
    from core.domain.districts import district

    donghu = district("jc.donghu")
    assert donghu is not None
    lon, lat = donghu.point_inside(1)
    data = {**COMPLAINT, "api_key": api_key, "lat": str(lat), "long": str(lon)}
    del data["attribute[district]"]
    response = client.post(f"{URL}.json", data=data)
    assert response.status_code == 200, response.data
    case = site.extensions["ducha"].app.get_by_reference(
        response.get_json()[0]["service_request_id"]
    )
    assert case.place.district_id == "jc.donghu"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_complaint_is_filed_with_identity_only_in_the_contact_store(
    client: FlaskClient, api_key: str, site: Flask, engine: Engine, fmt: str
) -> None:
    response = client.post(f"{URL}.{fmt}", data={**COMPLAINT, "api_key": api_key})
    assert response.status_code == 200, response.data
    body = (
        json.loads(response.data) if fmt == "json" else from_xml(response.data, "service_requests")
    )
    validate(CREATED, body)
    no_pii(response.data)
    reference = body[0]["service_request_id"]
    app = site.extensions["ducha"].app
    case = app.get_by_reference(reference)
    assert case.origin.value == "resident_complaint"
    assert [c.value for c in case.categories] == ["air"]
    assert case.description == COMPLAINT["description"]
    events = repr([vars(e) for e in app.history(case.id)])
    assert not any(value in events for value in PII_VALUES)
    with engine.connect() as conn:
        kept = (
            conn.execute(select(contacts_table).where(contacts_table.c.case_id == case.id))
            .mappings()
            .one()
        )
    assert (kept["name"], kept["phone"], kept["email"]) == (
        "张 三丰",
        "13912345678",
        COMPLAINT["email"],
    )


def test_photos_uploaded_as_media_become_evidence(
    client: FlaskClient, api_key: str, site: Flask
) -> None:
    data = {**COMPLAINT, "api_key": api_key, "media": (io.BytesIO(photo_bytes()), "smoke.jpg")}
    response = client.post(f"{URL}.json", data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.data
    app = site.extensions["ducha"].app
    case = app.get_by_reference(response.get_json()[0]["service_request_id"])
    kinds = [type(e).__name__ for e in app.history(case.id)]
    assert kinds.count("EvidenceAttached") == 1


def test_a_decompression_bomb_is_400(client: FlaskClient, api_key: str) -> None:
    data = {**COMPLAINT, "api_key": api_key, "media": (io.BytesIO(bomb_png()), "huge.png")}
    response = client.post(f"{URL}.json", data=data, content_type="multipart/form-data")
    assert "huge.png: the photo is too large in pixels" in refused(response, 400)[0]


def test_a_full_disk_is_a_503_in_the_specs_format(
    client: FlaskClient, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_disk(monkeypatch)
    data = {**COMPLAINT, "api_key": api_key, "media": (io.BytesIO(photo_bytes()), "smoke.jpg")}
    response = client.post(f"{URL}.json", data=data, content_type="multipart/form-data")
    assert "cannot be stored right now" in refused(response, 503)[0]


def test_a_file_that_is_no_photo_is_400(client: FlaskClient, api_key: str) -> None:
    data = {**COMPLAINT, "api_key": api_key, "media": (io.BytesIO(b"MZ\x90\x00"), "virus.jpg")}
    response = client.post(f"{URL}.json", data=data, content_type="multipart/form-data")
    assert "virus.jpg" in refused(response, 400)[0]


def test_each_key_has_its_own_rate_limit(client: FlaskClient, engine: Engine) -> None:
    slow = create_key(engine, "slow", datetime.now(UTC), rate_limit="2 per minute")
    fast = create_key(engine, "fast", datetime.now(UTC), rate_limit="100 per minute")
    for _ in range(2):
        assert client.post(f"{URL}.json", data={**COMPLAINT, "api_key": slow}).status_code == 200
    refused(client.post(f"{URL}.json", data={**COMPLAINT, "api_key": slow}), 429)
    assert client.post(f"{URL}.json", data={**COMPLAINT, "api_key": fast}).status_code == 200


def test_an_unknown_district_is_refused_in_english(client: FlaskClient, api_key: str) -> None:
    data = {**COMPLAINT, "api_key": api_key, "attribute[district]": "jc.nowhere"}
    assert refused(client.post(f"{URL}.json", data=data), 400) == [
        "attribute[district]: Not a valid choice."
    ]


def test_text_xml_cannot_hold_is_left_out_of_xml(
    client: FlaskClient, api_key: str, sync: Any
) -> None:
    # control characters are refused at the door; these two noncharacters get in
    data = {**COMPLAINT, "api_key": api_key, "description": "排污\ufffe口\uffff在此"}
    reference = client.post(f"{URL}.json", data=data).get_json()[0]["service_request_id"]
    site_app = client.application
    case_id = site_app.extensions["ducha"].app.get_by_reference(reference).id
    site_app.extensions["ducha"].app.accept(INTAKE, case_id)
    sync()
    answer = client.get(f"{URL}/{reference}.xml")
    [found] = from_xml(answer.data, "service_requests")
    assert found["description"] == "排污口在此"
