"""Staff-API fixtures: the officials of the case-page tests, each with an API key of their own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from stores.api_keys import create_key
from tests.admin.casework import OFFICIALS, officials, site, sync  # noqa: F401  (fixtures)
from tests.admin.conftest import engine, quick_password_hashing, tree  # noqa: F401  (fixtures)


class Staff:
    """A client that sends one official's key (and, if given, the grant to act under)."""

    def __init__(self, client: FlaskClient, key: str) -> None:
        self.client, self.key = client, key

    def headers(self, grant: str | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.key}"}
        if grant:
            headers["X-Ducha-Grant"] = grant
        return headers

    def get(self, url: str, grant: str | None = None) -> Any:
        return self.client.get(url, headers=self.headers(grant))

    def act(self, reference: str, action: str, body: Any, grant: str | None = None) -> Any:
        return self.client.post(
            f"/api/v1/cases/{reference}/actions/{action}", json=body, headers=self.headers(grant)
        )


@pytest.fixture
def keys(site: Flask, engine: Engine) -> dict[str, str]:  # noqa: F811
    now = datetime.now(UTC)
    return {
        name: create_key(engine, f"{name}-key", now, username=name, rate_limit="1000 per minute")
        for name in OFFICIALS
    }


@pytest.fixture
def staff(site: Flask, keys: dict[str, str]) -> dict[str, Staff]:  # noqa: F811
    return {name: Staff(site.test_client(), key) for name, key in keys.items()}


def refused(response: Any, status: int, code: str | None = None) -> str:
    """The message of a JSON refusal, after checking its status, shape and code."""
    assert response.status_code == status, response.data
    body = response.get_json()
    assert set(body) >= {"code", "message"} and body["message"]
    if code is not None:
        assert body["code"] == code, body
    return str(body["message"])
