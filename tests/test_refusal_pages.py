"""A refusal that reaches the app's error handler: a page in the reader's language, JSON in
English for machines."""

from __future__ import annotations

import pytest
from flask import Flask

from core.domain.errors import RuleViolation

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def _refuse() -> str:
    raise RuleViolation("at most %(count)s extension(s) may be granted", count=2)


@pytest.fixture
def refusing(web: Flask) -> Flask:
    web.add_url_rule("/refused", view_func=_refuse)
    web.add_url_rule("/api/refused", "api_refused", view_func=_refuse)
    return web


def test_the_error_page_shows_the_refusal_in_chinese_and_english(refusing: Flask) -> None:
    client = refusing.test_client()
    chinese = client.get("/refused")
    assert chinese.status_code == 422
    assert "最多可批准 2 次延期" in chinese.get_data(as_text=True)
    english = client.get("/refused?lang=en")
    assert "at most 2 extension(s) may be granted" in english.get_data(as_text=True)


def test_the_json_answer_keeps_the_english_message(refusing: Flask) -> None:
    answer = refusing.test_client().get("/api/refused")
    assert answer.status_code == 422
    assert answer.get_json() == {
        "error": "rule_violation",
        "message": "at most 2 extension(s) may be granted",
    }
