"""Importing a problem list in the browser: a preview row by row that writes nothing, then the
import of the valid new rows; the same file again creates nothing; only the office, and only
within its jurisdiction."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from stores.staff import create_account, grant
from tests.admin import casework
from tests.admin.case_files import GOOD_ZH, write_file
from tests.admin.casework import Sync, browser_for
from tests.admin.conftest import NOW, PASSWORD, Browser

officials, sync = casework.officials, casework.sync  # the fixtures
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
_ROW = re.compile(r'<tr data-line="(\d+)" data-status="(\w+)">(.*?)</tr>', re.S)


@pytest.fixture
def site(web: Flask, officials: None, sync: Sync) -> Flask:
    web.config["DUCHA_ADMIN_WAIT_SECONDS"] = 0
    sync()
    return web


def upload(browser: Browser, path: Path) -> str:
    response = browser.submit("/admin/import", {"file": (io.BytesIO(path.read_bytes()), path.name)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return str(response.get_data(as_text=True))


def statuses(html: str) -> dict[int, str]:
    return {int(line): status for line, status, _cells in _ROW.findall(html)}


def import_now(browser: Browser, preview_html: str) -> str:
    action = re.search(r'action="(/admin/import/[0-9a-f]{64}\.\w+)" id="apply"', preview_html)
    assert action is not None, "no import button"
    response = browser.submit("/admin/import", {}, action.group(1))
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def stored_events(ducha: Ducha) -> int:
    return ducha.recorder.max_notification_id() or 0


def test_the_preview_writes_nothing_and_the_import_writes_problems_and_measures(
    site: Flask,
    ducha: Ducha,
    sync: Sync,
    tmp_path: Path,
) -> None:
    office = browser_for(site, "wang")
    before = stored_events(ducha)
    html = upload(office, write_file(tmp_path / "list.xlsx", GOOD_ZH))
    assert statuses(html) == {2: "new", 3: "new", 4: "new", 5: "new", 6: "new"}
    assert stored_events(ducha) == before
    report = import_now(office, html)
    created = re.findall(r'data-created="([^"]+)"', report)
    assert sorted(created) == ["FK-01", "FK-01-1", "FK-01-2", "SJ-07", "SJ-07-1"]
    problem = ducha.get_by_reference(re.findall(r'href="/admin/cases/([^"]+)"', report)[0])
    assert problem.external_ref in {"FK-01", "SJ-07"}

    sync()  # the projector's part: the new cases reach the case list
    again = upload(office, write_file(tmp_path / "again.csv", GOOD_ZH))
    assert set(statuses(again).values()) == {"imported"}
    assert 'id="apply"' not in again  # nothing left to import


def test_rows_with_errors_are_named_and_left_out(site: Flask, ducha: Ducha, tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD_ZH]
    rows[0][4] = "火星区"  # an unknown district: the problem and its two measures fail
    rows[4][8] = "SJ-99"  # a measure of an unknown problem
    html = upload(browser_for(site, "wang"), write_file(tmp_path / "bad.csv", rows))
    assert statuses(html) == {2: "error", 3: "error", 4: "error", 5: "new", 6: "error"}
    cells = {int(line): text for line, _status, text in _ROW.findall(html)}
    assert "火星区" in cells[2] and "FK-01" in cells[3] and "SJ-99" in cells[6]
    report = import_now(browser_for(site, "wang"), html)
    assert re.findall(r'data-created="([^"]+)"', report) == ["SJ-07"]


def test_a_district_office_cannot_import_another_districts_problems(
    site: Flask, engine: Engine, tree: OrgTree, ducha: Ducha, tmp_path: Path
) -> None:
    create_account(engine, "ma", "马丽", PASSWORD, NOW)
    grant(engine, tree, "ma", "office", "jc.donghu", "root", NOW)
    html = upload(browser_for(site, "ma"), write_file(tmp_path / "list.csv", GOOD_ZH))
    assert statuses(html) == {2: "new", 3: "new", 4: "new", 5: "error", 6: "error"}
    assert "outside your jurisdiction" in html


def test_an_unreadable_file_is_refused_with_a_message(site: Flask, tmp_path: Path) -> None:
    office = browser_for(site, "wang")
    broken = office.submit("/admin/import", {"file": (io.BytesIO(b"PK\x03\x04junk"), "x.xlsx")})
    assert broken.status_code == 400
    assert "cannot be imported" in broken.get_data(as_text=True)
    wrong_type = office.submit("/admin/import", {"file": (io.BytesIO(b"a,b"), "list.txt")})
    assert wrong_type.status_code == 400
    assert "Only CSV or XLSX" in wrong_type.get_data(as_text=True)
    nothing = office.submit("/admin/import", {})
    assert nothing.status_code == 400 and "Choose a file" in nothing.get_data(as_text=True)


@pytest.mark.parametrize("who", ["li", "zhao", "zhou", "chen", "sun"])
def test_only_the_office_imports(site: Flask, ducha: Ducha, who: str, tmp_path: Path) -> None:
    browser = browser_for(site, who)
    assert browser.get("/admin/import").status_code == 403
    token = browser.token("/admin/")
    path = write_file(tmp_path / "list.csv", GOOD_ZH)
    before = stored_events(ducha)
    response = browser.client.post(
        "/admin/import",
        data={"csrf_token": token, "file": (io.BytesIO(path.read_bytes()), path.name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403 and stored_events(ducha) == before


def test_an_unknown_upload_is_not_found(site: Flask) -> None:
    office = browser_for(site, "wang")
    response = office.submit("/admin/import", {}, "/admin/import/" + "0" * 64 + ".csv")
    assert response.status_code == 404


def test_row_errors_read_in_chinese(site: Flask, tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD_ZH]
    rows[0][4] = "火星区"
    office = browser_for(site, "wang", lang="zh")
    html = upload(office, write_file(tmp_path / "bad.csv", rows))
    assert "未知区县 &#39;火星区&#39;" in html and "unknown district" not in html
    assert "所属问题 FK-01（第 2 行）有错误" in html
