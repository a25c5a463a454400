"""Logging in and out of /admin, choosing a grant, and the role check at the edge."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, jsonify
from sqlalchemy import Engine

from admin.auth import current_actor, requires_roles
from core.domain.roles import Role
from stores.staff import MAX_FAILED_ATTEMPTS, reset_password
from tests.admin.conftest import NOW, Browser
from wsgi import create_app


@pytest.fixture
def guarded(web: Flask) -> Flask:
    """Two test-only pages: one for the office role, one that shows the current actor."""

    @requires_roles(Role.OFFICE)
    def office_only() -> Any:
        return "office page"

    def whoami() -> Any:
        return jsonify(current_actor().as_dict())

    web.add_url_rule("/admin/test-office", "test_office", office_only)
    web.add_url_rule("/admin/test-whoami", "test_whoami", whoami)
    return web


def test_login_page_carries_a_csrf_token(browser: Browser) -> None:
    assert browser.token()


def test_login_succeeds_and_the_home_page_lists_the_grants(
    browser: Browser, office_account: str
) -> None:
    response = browser.log_in(office_account)
    assert response.status_code == 303 and response.location.endswith("/admin/")
    page = browser.get("/admin/").get_data(as_text=True)
    assert "王敏" in page and "江城市" in page and "东湖区" in page


def _login_failure(browser: Browser, username: str) -> tuple[int, str]:
    """The status and the page, without the form's values (the username and the CSRF token)."""
    response = browser.log_in(username, "not the password")
    return response.status_code, re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))


def test_wrong_password_and_unknown_user_get_the_same_answer(
    browser: Browser, office_account: str
) -> None:
    wrong = _login_failure(browser, office_account)
    unknown = _login_failure(browser, "ghost")
    assert wrong[0] == unknown[0] == 401
    assert wrong == unknown
    assert "用户名或密码不正确。" in wrong[1]  # zh-CN is the default language


def test_a_locked_account_cannot_log_in_with_the_right_password(
    browser: Browser, office_account: str
) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS):
        browser.log_in(office_account, "not the password")
    assert browser.log_in(office_account).status_code == 401


def test_login_without_csrf_token_is_refused(web: Flask, office_account: str) -> None:
    response = web.test_client().post(
        "/admin/login", data={"username": office_account, "password": "x" * 12}
    )
    assert response.status_code == 400


def test_login_is_rate_limited_per_client(browser: Browser) -> None:
    statuses = [browser.log_in("ghost", "not the password").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429


def test_anonymous_users_are_sent_to_the_login_page(guarded: Flask) -> None:
    response = guarded.test_client().get("/admin/test-office")
    assert response.status_code == 302
    assert "/admin/login?next=" in response.location


def test_the_home_page_needs_a_login(browser: Browser) -> None:
    response = browser.get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.location


def test_requires_roles_lets_the_right_role_through(guarded: Flask, office_account: str) -> None:
    browser = Browser(guarded.test_client())
    browser.log_in(office_account)
    response = browser.get("/admin/test-office")
    assert response.status_code == 200 and response.get_data(as_text=True) == "office page"


def _choose(browser: Browser, grant_role: str) -> Any:
    page = browser.get("/admin/").get_data(as_text=True)
    label = {"intake": "东湖区", "office": "江城市"}[grant_role]
    before = page.split(label)[0]
    grant_id = before.rsplit('name="grant_id" value="', 1)[1].split('"', 1)[0]
    return browser.submit("/admin/", {"grant_id": grant_id}, action="/admin/act-as")


def test_requires_roles_refuses_a_wrong_role_with_403_and_a_message(
    guarded: Flask, office_account: str
) -> None:
    browser = Browser(guarded.test_client())
    browser.log_in(office_account)
    assert _choose(browser, "intake").status_code == 303
    response = browser.get("/admin/test-office")
    assert response.status_code == 403
    assert "此页面需要以下角色之一：office。" in response.get_data(as_text=True)


def test_current_actor_is_the_first_grant_by_default(guarded: Flask, office_account: str) -> None:
    browser = Browser(guarded.test_client())
    browser.log_in(office_account)
    actor = browser.get("/admin/test-whoami").get_json()
    assert actor == {"user_id": office_account, "unit_id": "jc", "role": "office"}


def test_current_actor_follows_the_chosen_grant(guarded: Flask, office_account: str) -> None:
    browser = Browser(guarded.test_client())
    browser.log_in(office_account)
    _choose(browser, "intake")
    actor = browser.get("/admin/test-whoami").get_json()
    assert actor == {"user_id": office_account, "unit_id": "jc.donghu", "role": "intake"}


def test_logout_ends_the_session(browser: Browser, office_account: str) -> None:
    browser.log_in(office_account)
    response = browser.submit("/admin/", {}, action="/admin/logout")
    assert response.status_code == 303
    assert browser.get("/admin/").status_code == 302


def test_a_password_reset_ends_existing_sessions(
    browser: Browser, engine: Engine, office_account: str
) -> None:
    browser.log_in(office_account)
    assert browser.get("/admin/").status_code == 200
    reset_password(engine, office_account, NOW + timedelta(hours=1))
    assert browser.get("/admin/").status_code == 302


def test_login_only_redirects_inside_admin(browser: Browser, office_account: str) -> None:
    token = browser.token()
    response = browser.client.post(
        "/admin/login?next=https://evil.example/",
        data={"csrf_token": token, "username": office_account, "password": "correct horse battery"},
    )
    assert response.status_code == 303 and response.location.endswith("/admin/")


def test_session_cookies_are_secure_behind_https(settings: object, environ: dict[str, str]) -> None:
    app = create_app({**environ, "DUCHA_PUBLIC_URL": "https://ducha.example"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["REMEMBER_COOKIE_HTTPONLY"]
    app.extensions["ducha"].close()


@pytest.mark.parametrize(
    "target",
    [
        "/admin/%0d%0aSet-Cookie:%20stolen=1",
        "/admin/queues/mine%0a",
        "/admin%09/",
        "//evil.example/admin",
        "/admin/../..//evil.example",
        "/admin\\evil.example",
        "/administrator",
        "/auditing",
    ],
)
def test_login_sends_a_bad_next_to_the_home_page(
    browser: Browser, office_account: str, target: str
) -> None:
    token = browser.token()
    response = browser.client.post(
        f"/admin/login?next={target}",
        data={"csrf_token": token, "username": office_account, "password": "correct horse battery"},
    )
    assert response.status_code == 303 and response.location.endswith("/admin/")


def test_login_follows_a_local_next(browser: Browser, office_account: str) -> None:
    token = browser.token()
    response = browser.client.post(
        "/admin/login?next=/audit/cases/GZ-2026-000001?version=2",
        data={"csrf_token": token, "username": office_account, "password": "correct horse battery"},
    )
    assert response.status_code == 303
    assert response.location.endswith("/audit/cases/GZ-2026-000001?version=2")
