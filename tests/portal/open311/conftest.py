"""Open311 fixtures: the web app with a caught-up read side, an integrator's key, and a city
with a public open case, a closed one and a complaint not yet accepted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from core.service.application import Ducha
from core.service.contacts import Contact
from stores.api_keys import create_key
from tests.admin.casework import sync  # noqa: F401  (fixture)
from tests.admin.conftest import engine  # noqa: F401  (fixture)
from tests.helpers import drive, report

#: Planted in every complaint's contact: no Open311 response may ever contain them.
PII = Contact(name="张三丰", phone="13912345678", email="zhang.sanfeng@example.cn")
PII_VALUES = ("张三丰", "13912345678", "zhang.sanfeng@example.cn")


@dataclass(frozen=True)
class City:
    open_ref: str
    closed_ref: str
    new_ref: str


@pytest.fixture
def site(web: Flask, sync: Callable[[], None]) -> Flask:  # noqa: F811
    sync()
    return web


@pytest.fixture
def client(site: Flask) -> FlaskClient:
    return site.test_client()


@pytest.fixture
def api_key(engine: Engine) -> str:  # noqa: F811
    return create_key(engine, "integrator", datetime.now(UTC), rate_limit="1000 per minute")


@pytest.fixture
def city(ducha: Ducha, clock: Any, sync: Callable[[], None]) -> City:  # noqa: F811
    opened = report(ducha, PII, title="河道黑臭")
    drive(ducha, opened.case_id, clock, until="rectifying")
    closed = report(ducha, PII, title="工地噪声")
    drive(ducha, closed.case_id, clock, until="closed")
    new = report(ducha, PII, title="垃圾焚烧")
    sync()
    return City(opened.reference, closed.reference, new.reference)


def no_pii(body: bytes) -> None:
    text = body.decode()
    for value in PII_VALUES:
        assert value not in text, f"{value} leaked"
