"""The indicator preview names each bad row's error in the official's language."""

from __future__ import annotations

import io

import pytest
from flask import Flask

from tests.admin.casework import browser_for

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

BAD = (
    "district,year,indicator,target,measured\n"
    "月亮区,2026,pm25,35,30\n"
    "jc.xishan,2026,water_class_i_iii,80,120\n"
)


def test_the_preview_gives_each_rows_error_in_chinese(site: Flask) -> None:
    office = browser_for(site, "wang", lang="zh")
    upload = {"file": (io.BytesIO(BAD.encode()), "indicators.csv")}
    preview = office.submit("/admin/indicators", upload, action="/admin/indicators/preview")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 400
    assert "<td>&#39;月亮区&#39; 不是区或县</td>" in html
    assert "是百分比，不能超过 100</td>" in html
    assert "is not a district or county" not in html
