"""The staff API's OpenAPI document: served, valid, and schemathesis finds no server error in a
few generated requests per operation (on a real case as well as on made-up references)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from core.service.application import Ducha
from tests.admin.api.conftest import Staff
from tests.admin.casework import new_case

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
EXAMPLES = 2


def test_the_document_describes_every_action(site: Flask) -> None:
    document = site.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert {
        "/api/v1/cases",
        "/api/v1/cases/{reference}",
        "/api/v1/cases/{reference}/evidence",
    } <= set(paths)
    transfer = paths["/api/v1/cases/{reference}/actions/transfer"]["post"]
    body = transfer["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["required"]) == {"version", "unit"}
    assert body["properties"]["deadline"] == {"type": "string", "format": "date"}
    assert {"CaseRow", "TimelineEntry", "ErrorSchema"} <= set(document["components"]["schemas"])


def test_schemathesis_finds_no_server_error(
    site: Flask, ducha: Ducha, staff: dict[str, Staff]
) -> None:
    _, reference = new_case(ducha)
    headers = staff["li"].headers(None)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", site)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for real in (False, True):
                if real and "reference" in (case.path_parameters or {}):
                    case.path_parameters["reference"] = reference
                response = case.call(headers=headers)
                case.validate_response(response, checks=[not_a_server_error])

        run()
