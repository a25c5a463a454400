"""Open311 discovery, service list and service definitions, in XML and JSON."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from tests.portal.open311.schemas import (
    DISCOVERY,
    ERRORS,
    SERVICE_DEFINITION,
    SERVICES,
    from_xml,
    validate,
)

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
BASE = "/open311/v2"


def both(client: FlaskClient, path: str, root: str) -> tuple[object, object]:
    as_json = client.get(f"{BASE}/{path}.json")
    as_xml = client.get(f"{BASE}/{path}.xml")
    assert as_json.content_type == "application/json; charset=utf-8"
    assert as_xml.content_type == "text/xml; charset=utf-8"
    assert as_json.status_code == as_xml.status_code
    return json.loads(as_json.data), from_xml(as_xml.data, root)


def test_discovery_names_the_endpoint_and_both_formats(client: FlaskClient) -> None:
    as_json, as_xml = both(client, "discovery", "discovery")
    for document in (as_json, as_xml):
        validate(DISCOVERY, document)
    endpoint = as_json["endpoints"][0]  # type: ignore[index]
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}


def test_services_are_the_categories_with_groups(client: FlaskClient) -> None:
    as_json, as_xml = both(client, "services", "services")
    validate(SERVICES, as_json)
    validate(SERVICES, as_xml)
    assert as_json == as_xml
    codes = {s["service_code"]: s for s in as_json}  # type: ignore[attr-defined]
    assert set(codes) == {
        "water", "air", "soil", "solid_waste", "noise", "ecology", "radiation", "other"
    }  # fmt: skip
    assert codes["water"]["service_name"] == "水"
    assert codes["water"]["group"] == "污染"
    assert codes["ecology"]["group"] == "生态"
    assert all(s["type"] == "realtime" and s["metadata"] for s in codes.values())


def test_service_names_follow_the_language(client: FlaskClient) -> None:
    services = client.get(f"{BASE}/services.json?lang=en").get_json()
    assert {s["service_name"] for s in services} >= {"Water", "Air", "Noise"}


def test_a_service_definition_asks_for_the_district(client: FlaskClient) -> None:
    as_json, as_xml = both(client, "services/water", "service_definition")
    validate(SERVICE_DEFINITION, as_json)
    validate(SERVICE_DEFINITION, as_xml)
    assert as_json == as_xml
    attributes = {a["code"]: a for a in as_json["attributes"]}  # type: ignore[index]
    assert attributes["district"]["required"] is True
    assert {"key": "jc.donghu", "name": "东湖区"} in attributes["district"]["values"]
    assert attributes["township"]["required"] is False
    assert [a["order"] for a in as_json["attributes"]] == [1, 2]  # type: ignore[index]


def test_an_unknown_service_is_404_in_the_error_array(client: FlaskClient) -> None:
    as_json, as_xml = both(client, "services/lava", "errors")
    validate(ERRORS, as_json)
    validate(ERRORS, as_xml)
    assert as_json[0]["code"] == 404  # type: ignore[index]
    assert client.get(f"{BASE}/services/lava.json").status_code == 404


def test_an_unknown_resource_or_format_answers_in_the_error_format(client: FlaskClient) -> None:
    for path in ("requests.csv", "nothing.xml", "services/water/extra.json"):
        response = client.get(f"{BASE}/{path}")
        assert response.status_code == 404, path
        body = from_xml(response.data, "errors") if path.endswith(".xml") else response.get_json()
        validate(ERRORS, body)
