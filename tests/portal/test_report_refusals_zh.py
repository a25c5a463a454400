"""A resident whose report the domain refuses reads why in Simplified Chinese."""

from __future__ import annotations

from core.service.application import Ducha
from tests.browsing import Browser
from tests.portal.conftest import report_data


def test_a_township_of_another_district_is_refused_in_chinese(
    browser: Browser, ducha: Ducha
) -> None:
    before = ducha.recorder.max_notification_id()
    response = browser.submit(
        "/report", report_data(district="jc.qingfeng", township="jc.donghu.hubin")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "该乡镇（街道）不属于该区县" in html
    assert "the township does not belong" not in html
    assert ducha.recorder.max_notification_id() == before
