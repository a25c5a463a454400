"""Saved phrases on the officials' side: an office or unit official keeps their unit's phrases,
others are refused, and the case page lists the acting unit's phrases under every text field."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from stores.phrases import add_phrase, phrases_of
from tests.admin.casework import (
    Sync,
    browser_for,
    new_case,
    officials,  # noqa: F401
    page,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.admin.conftest import Browser
from tests.conftest import Clock
from tests.helpers import drive

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
_ERROR = re.compile(r'data-error-for="(\w+)">([^<]+)<')


def save(browser: Browser, data: dict[str, str]) -> Any:
    return browser.submit("/admin/phrases", data)


def texts(engine: Engine, unit: str) -> list[str]:
    return [p.text for p in phrases_of(engine, [unit])]


def test_a_unit_official_adds_and_removes_their_units_phrases(
    site: Flask,  # noqa: F811
    engine: Engine,
) -> None:
    browser = browser_for(site, "zhao", lang="zh")  # unit on Hubin
    response = save(browser, {"unit": "jc.donghu.hubin", "text": "已签收，立即组织核查。"})
    assert response.status_code == 303
    listing = browser.get("/admin/phrases").get_data(as_text=True)
    assert "湖滨街道" in listing and "已签收，立即组织核查。" in listing
    [phrase] = phrases_of(engine, ["jc.donghu.hubin"])
    removed = browser.submit("/admin/phrases", {}, action=f"/admin/phrases/{phrase.id}/remove")
    assert removed.status_code == 303
    assert texts(engine, "jc.donghu.hubin") == []


def test_the_office_keeps_the_offices_own(site: Flask, engine: Engine) -> None:  # noqa: F811
    browser = browser_for(site, "wang")  # office on the city
    assert save(browser, {"unit": "jc", "text": "请按期办结并报送佐证材料。"}).status_code == 303
    assert texts(engine, "jc") == ["请按期办结并报送佐证材料。"]


@pytest.mark.parametrize("username", ["li", "zhou", "chen", "sun"])
def test_other_roles_are_refused(
    site: Flask,  # noqa: F811
    engine: Engine,
    username: str,
) -> None:
    browser = browser_for(site, username)
    assert browser.get("/admin/phrases").status_code == 403
    token = browser.token("/admin/")
    response = browser.client.post("/admin/phrases", data={"csrf_token": token, "text": "越权"})
    assert response.status_code == 403


def test_another_units_phrases_are_out_of_reach(
    site: Flask,  # noqa: F811
    engine: Engine,
    tree: OrgTree,
) -> None:
    offices = add_phrase(engine, tree, "jc", "请按期办结。", "wang", NOW)
    browser = browser_for(site, "zhao", lang="zh")
    assert "请按期办结。" not in browser.get("/admin/phrases").get_data(as_text=True)
    removing = browser.submit("/admin/phrases", {}, action=f"/admin/phrases/{offices.id}/remove")
    assert removing.status_code == 403
    assert "这条常用语属于其他单位" in removing.get_data(as_text=True)
    assert (
        browser.submit("/admin/phrases", {}, action="/admin/phrases/9999/remove").status_code == 404
    )
    adding = save(browser, {"unit": "jc", "text": "替别的单位加一条"})
    assert adding.status_code == 400
    assert texts(engine, "jc") == ["请按期办结。"]


def test_a_blank_or_repeated_phrase_is_refused_in_chinese(
    site: Flask,  # noqa: F811
    engine: Engine,
    tree: OrgTree,
) -> None:
    add_phrase(engine, tree, "jc.donghu.hubin", "已签收。", "zhao", NOW)
    browser = browser_for(site, "zhao", lang="zh")
    repeated = save(browser, {"unit": "jc.donghu.hubin", "text": "已签收。"})
    assert repeated.status_code == 400
    errors = dict(_ERROR.findall(repeated.get_data(as_text=True)))
    assert errors["text"] == "本单位已保存这条常用语"
    blank = save(browser, {"unit": "jc.donghu.hubin", "text": "  "})
    assert blank.status_code == 400


def test_the_case_page_lists_the_acting_units_phrases_under_each_text_field(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    sync: Sync,  # noqa: F811
    engine: Engine,
    tree: OrgTree,
    clock: Clock,
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="transferred")  # to Hubin
    sync()
    add_phrase(engine, tree, "jc.donghu.hubin", "已签收，立即组织核查。", "zhao", NOW)
    add_phrase(engine, tree, "jc", "请按期办结。", "wang", NOW)
    html = page(browser_for(site, "zhao", lang="zh"), reference)
    lists = re.findall(
        r'<details class="phrases" data-phrases-for="([\w-]+)">(.*?)</details>', html, re.S
    )
    assert {target for target, _body in lists} >= {"acknowledge-note", "post_note-text"}
    for _target, body in lists:
        assert '<span class="phrase-text">已签收，立即组织核查。</span>' in body  # to copy
        assert "请按期办结。" not in body  # the office's, not this unit's
        assert "hidden>插入</button>" in body  # shown by the script only
    assert "/admin/assets/admin/phrases.js" in html
    intake = page(browser_for(site, "li"), reference)  # Donghu's intake: no phrases kept
    assert "phrase-text" not in intake and "phrases.js" not in intake


def test_the_script_is_served(site: Flask) -> None:  # noqa: F811
    response = site.test_client().get("/admin/assets/admin/phrases.js")
    assert response.status_code == 200 and b"insert-phrase" in response.data
