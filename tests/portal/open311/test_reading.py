"""GET requests, one request, tokens and request updates: the spec's filters on the public
read model, on both backends (the date filters compare stored times)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

from tests.portal.open311.conftest import City, no_pii
from tests.portal.open311.schemas import ERRORS, REQUEST_UPDATES, REQUESTS, from_xml, validate

URL = "/open311/v2"
#: Only the tests that compare stored times run on both backends.
SQLITE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def w3c(moment: datetime) -> str:
    return quote(moment.isoformat(timespec="seconds"))


def requests(client: FlaskClient, query: str = "", path: str = "requests") -> list[dict[str, Any]]:
    """GET in both formats; both valid, equal, and free of the complainants' identity."""
    as_json = client.get(f"{URL}/{path}.json?{query}")
    as_xml = client.get(f"{URL}/{path}.xml?{query}")
    assert as_json.status_code == as_xml.status_code == 200, as_json.data
    body, xml_body = json.loads(as_json.data), from_xml(as_xml.data, "service_requests")
    validate(REQUESTS, body)
    validate(REQUESTS, xml_body)
    assert body == xml_body
    no_pii(as_json.data)
    no_pii(as_xml.data)
    return body  # type: ignore[no-any-return]


def refused(client: FlaskClient, query: str) -> str:
    response = client.get(f"{URL}/requests.json?{query}")
    assert response.status_code == 400, response.data
    validate(ERRORS, response.get_json())
    return str(response.get_json()[0]["description"])


@SQLITE
def test_the_list_holds_the_public_cases_only(client: FlaskClient, city: City) -> None:
    found = {r["service_request_id"]: r for r in requests(client)}
    assert set(found) == {city.open_ref, city.closed_ref}
    opened, closed = found[city.open_ref], found[city.closed_ref]
    assert (opened["status"], closed["status"]) == ("open", "closed")
    assert opened["status_notes"] == "责任单位整改中"
    assert opened["service_code"] == "water"
    assert opened["agency_responsible"]
    assert "+08:00" in opened["requested_datetime"]
    assert opened["expected_datetime"].endswith("23:59:59+08:00")
    assert "expected_datetime" not in closed


@SQLITE
def test_status_filters(client: FlaskClient, city: City) -> None:
    assert [r["service_request_id"] for r in requests(client, "status=closed")] == [city.closed_ref]
    assert [r["service_request_id"] for r in requests(client, "status=open")] == [city.open_ref]
    assert len(requests(client, "status=open,closed")) == 2
    assert "status" in refused(client, "status=pending")


@SQLITE
def test_ids_override_every_other_filter(client: FlaskClient, city: City) -> None:
    query = f"service_request_id={city.open_ref},{city.new_ref}&status=closed&service_code=air"
    found = {r["service_request_id"]: r for r in requests(client, query)}
    assert set(found) == {city.open_ref, city.new_ref}
    private = found[city.new_ref]
    assert private["status"] == "open"
    assert not {"description", "address", "lat", "long"} & set(private)


def test_a_date_range_filters_and_may_not_exceed_90_days(client: FlaskClient, city: City) -> None:
    now = datetime.now(UTC)
    inside = f"start_date={w3c(now - timedelta(days=1))}&end_date={w3c(now + timedelta(hours=1))}"
    assert len(requests(client, inside)) == 2
    before = f"start_date={w3c(now - timedelta(days=30))}&end_date={w3c(now - timedelta(days=1))}"
    assert requests(client, before) == []
    too_long = f"start_date={w3c(now - timedelta(days=91))}&end_date={w3c(now)}"
    assert "90 days" in refused(client, too_long)
    assert "time zone" in refused(client, "start_date=2026-11-01T00:00:00")
    assert "before" in refused(client, f"start_date={w3c(now)}&end_date={w3c(now - timedelta(1))}")
    assert "date-time" in refused(client, "end_date=yesterday")
    assert "between" in refused(client, "end_date=0001-01-01T00:00:00Z")


def test_the_time_zone_of_a_bound_is_honoured(client: FlaskClient, city: City) -> None:
    """The same moment written in +08:00 and in Z selects the same requests."""
    now = datetime.now(UTC) + timedelta(minutes=5)
    beijing = now.astimezone(ZoneInfo("Asia/Shanghai"))
    assert requests(client, f"end_date={w3c(beijing)}") == requests(client, f"end_date={w3c(now)}")
    assert len(requests(client, f"end_date={w3c(beijing)}")) == 2


def test_pages_and_incremental_sync(client: FlaskClient, city: City) -> None:
    first = requests(client, "page_size=1&page=1")
    second = requests(client, "page_size=1&page=2")
    assert len(first) == len(second) == 1 and first != second
    assert requests(client, "page_size=1&page=3") == []
    assert "page_size" in refused(client, "page_size=5000")
    later = w3c(datetime.now(UTC) + timedelta(minutes=1))
    assert requests(client, f"updated_after={later}") == []
    assert len(requests(client, f"updated_before={later}")) == 2


@SQLITE
def test_one_request_public_private_or_unknown(client: FlaskClient, city: City) -> None:
    [public] = requests(client, path=f"requests/{city.open_ref.lower()}")
    assert public["service_request_id"] == city.open_ref and "description" in public
    [private] = requests(client, path=f"requests/{city.new_ref}")
    assert private["status_notes"] == "已收到，等待受理" and "description" not in private
    for fmt in ("json", "xml"):
        response = client.get(f"{URL}/requests/GZ-20990101-0001.{fmt}")
        assert response.status_code == 404
        body = response.get_json() if fmt == "json" else from_xml(response.data, "errors")
        validate(ERRORS, body)


@SQLITE
def test_tokens_are_never_issued(client: FlaskClient) -> None:
    response = client.get(f"{URL}/tokens/abc.json")
    assert response.status_code == 404
    validate(ERRORS, response.get_json())


@SQLITE
def test_request_updates_follow_the_public_timeline(client: FlaskClient, city: City) -> None:
    as_json = client.get(f"{URL}/servicerequestupdates.json")
    as_xml = client.get(f"{URL}/servicerequestupdates.xml")
    body, xml_body = as_json.get_json(), from_xml(as_xml.data, "service_request_updates")
    validate(REQUEST_UPDATES, body)
    validate(REQUEST_UPDATES, xml_body)
    assert body == xml_body
    no_pii(as_json.data)
    closed = [u["status"] for u in body if u["service_request_id"] == city.closed_ref]
    assert "closed" in closed and "fixed" in closed
    assert all(u["service_request_id"] != city.new_ref for u in body)
    ids = [int(u["update_id"]) for u in body]
    assert ids == sorted(ids)
