"""An Open311 client in the manner of FixMyStreet's (perllib/Open311.pm): it discovers the
endpoint, reads the services and a definition, posts a request with attributes and reads it
back, in XML and in JSON. Like FixMyStreet it takes a list wrapped in its root element
(`{"service_requests": [...]}`, as FixMyStreet's own server sends) or bare (as the spec's
JSON mapping, and this server, do)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.portal.open311.schemas import from_xml

SQLITE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


class Open311Client:
    """Talks to an endpoint in one format, the way an integrator's client does."""

    def __init__(self, http: FlaskClient, fmt: str, api_key: str) -> None:
        self.http, self.fmt, self.api_key = http, fmt, api_key
        self.endpoint = "/open311/v2"

    def _get(self, path: str, root: str) -> Any:
        response = self.http.get(f"{self.endpoint}/{path}.{self.fmt}")
        assert response.status_code == 200, response.data
        return self._parse(response.data, root)

    def _parse(self, body: bytes, root: str) -> Any:
        if self.fmt == "xml":
            return from_xml(body, root)
        return json.loads(body)

    @staticmethod
    def items(document: Any, root: str) -> list[dict[str, Any]]:
        """A list response, wrapped in its root or bare."""
        if isinstance(document, dict):
            document = document[root]
        assert isinstance(document, list)
        return document

    def discover(self) -> None:
        found = self._get("discovery", "discovery")
        url = found["endpoints"][0]["url"]
        self.endpoint = url[url.index("/open311/") :]

    def services(self) -> list[dict[str, Any]]:
        return self.items(self._get("services", "services"), "services")

    def definition(self, code: str) -> dict[str, Any]:
        return dict(self._get(f"services/{code}", "service_definition"))

    def post(self, fields: dict[str, str]) -> str:
        response = self.http.post(
            f"{self.endpoint}/requests.{self.fmt}", data={"api_key": self.api_key, **fields}
        )
        assert response.status_code == 200, response.data
        [created] = self.items(self._parse(response.data, "service_requests"), "service_requests")
        return str(created["service_request_id"])

    def request(self, request_id: str) -> dict[str, Any]:
        found = self.items(
            self._get(f"requests/{request_id}", "service_requests"), "service_requests"
        )
        return found[0]


@SQLITE
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_discover_list_post_and_read_back(
    client: FlaskClient, api_key: str, sync: Callable[[], None], fmt: str
) -> None:
    integrator = Open311Client(client, fmt, api_key)
    integrator.discover()
    codes = [s["service_code"] for s in integrator.services()]
    assert "water" in codes
    definition = integrator.definition("water")
    district = next(a for a in definition["attributes"] if a["code"] == "district")
    request_id = integrator.post(
        {
            "service_code": "water",
            f"attribute[{district['code']}]": district["values"][0]["key"],
            "address_string": "湖滨路 18 号",
            "description": "河面漂浮死鱼，水体发黑。",
            "first_name": "李",
            "email": "li@example.cn",
        }
    )
    sync()
    got = integrator.request(request_id)
    assert got["service_request_id"] == request_id
    assert (got["status"], got["service_code"]) == ("open", "water")
    assert "requested_datetime" in got


def test_the_client_also_takes_a_wrapped_list() -> None:
    wrapped = {"service_requests": [{"service_request_id": "1"}]}
    assert Open311Client.items(wrapped, "service_requests") == [{"service_request_id": "1"}]
