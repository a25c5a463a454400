"""Binding indicators from CSV: refused whole with an error per malformed row, by the CLI and
in the browser's preview; recorded when every row is right."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask

from stores.campaigns import campaigns_of
from tests.admin.casework import browser_for

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

GOOD = (
    "district,year,indicator,target,measured\n"
    "东湖区,2026,pm25,35,31.5\n"
    "jc.donghu,2026,good_air_days,85,82.0\n"
)
BAD = GOOD + "月亮区,2026,pm25,35,30\njc.xishan,2026,water_class_i_iii,80,120\n"


def test_the_cli_refuses_a_file_with_bad_rows_and_names_them(web: Flask, tmp_path: Path) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(BAD, encoding="utf-8")
    result = web.test_cli_runner().invoke(args=["campaigns", "import-indicators", str(path)])
    assert result.exit_code != 0
    assert "line 4: '月亮区' is not a district or county" in result.output
    assert "line 5: measured is a share in per cent and cannot exceed 100" in result.output
    assert campaigns_of(web.extensions["ducha"]).indicator_book(2026) is None


def test_the_cli_records_a_good_file(web: Flask, tmp_path: Path) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    result = web.test_cli_runner().invoke(args=["campaigns", "import-indicators", str(path)])
    assert result.exit_code == 0, result.output
    book = campaigns_of(web.extensions["ducha"]).indicator_book(2026)
    assert book is not None
    assert book.districts["jc.donghu"]["pm25"] == {"target": 35.0, "measured": 31.5}


def test_the_browser_previews_errors_per_row_then_records_a_good_file(
    site: Flask,
) -> None:
    office = browser_for(site, "wang")
    upload = {"file": (io.BytesIO(BAD.encode()), "indicators.csv")}
    preview = office.submit("/admin/indicators", upload, action="/admin/indicators/preview")
    assert preview.status_code == 400
    html = preview.get_data(as_text=True)
    assert '<tr data-line="4">' in html and '<tr data-line="5">' in html
    assert 'id="indicator-apply"' not in html
    good = office.submit(
        "/admin/indicators",
        {"file": (io.BytesIO(GOOD.encode()), "indicators.csv")},
        action="/admin/indicators/preview",
    )
    assert good.status_code == 200
    content = GOOD
    done = office.submit(
        "/admin/indicators", {"content": content}, action="/admin/indicators/apply"
    )
    assert done.status_code == 303
    table = office.get("/admin/indicators?year=2026").get_data(as_text=True)
    assert "31.5 / 35.0" in table
    unit = browser_for(site, "zhao")
    assert unit.get("/admin/indicators").status_code == 403
