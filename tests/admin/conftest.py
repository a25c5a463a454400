"""Admin fixtures: the read engine, the org tree, a fixed clock, and the web app with a client
that carries CSRF tokens like a browser."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.settings import Settings
from stores.db import make_engine
from stores.staff import create_account, grant
from tests.browsing import Browser as BaseBrowser

PASSWORD = "correct horse battery"
NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.sqlalchemy_url)
    yield engine
    engine.dispose()


@pytest.fixture
def tree() -> OrgTree:
    return OrgTree.default()


@pytest.fixture
def office_account(engine: Engine, tree: OrgTree) -> str:
    """`wang`: office on the city, then intake on Donghu district (in that order)."""
    create_account(engine, "wang", "王敏", PASSWORD, NOW)
    grant(engine, tree, "wang", "office", "jc", "root", NOW)
    grant(engine, tree, "wang", "intake", "jc.donghu", "root", NOW)
    return "wang"


class Browser(BaseBrowser):
    """The shared test browser, starting from the staff login form."""

    default_form = "/admin/login"

    def submit(self, form_url: str, data: dict[str, Any], action: str | None = None) -> Any:
        fields = {"csrf_token": self.token(form_url), **data}
        return self.client.post(action or form_url, data=fields)

    def log_in(self, username: str, password: str = PASSWORD) -> Any:
        return self.submit("/admin/login", {"username": username, "password": password})


@pytest.fixture
def browser(web: Flask) -> Browser:
    return Browser(web.test_client())


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id at its lowest cost: the account-heavy tests stay quick; production keeps
    argon2-cffi's defaults."""
    from argon2 import PasswordHasher

    import stores.staff

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(stores.staff, "_hasher", cheap)
