"""An official whose action the domain refuses reads why in their language, values filled in:
Simplified Chinese by default, English when chosen."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from core.service.application import Ducha
from tests.admin.casework import (
    browser_for,
    events,
    new_case,
    officials,  # noqa: F401
    post,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.conftest import Clock
from tests.helpers import drive


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [
        ("zh", r"延期为 1 至 \d+ 天", "an extension is"),
        ("en", r"an extension is 1 to \d+ days", "延期"),
    ],
)
def test_a_refused_action_shows_its_message_in_the_officials_language(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
    lang: str,
    expected: str,
    foreign: str,
) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    browser = browser_for(site, "zhao", lang=lang)
    response = post(browser, reference, "request_extension", {"days": 365, "reason": "工期紧"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(expected, html), html
    assert foreign not in html and "%(left)s" not in html
    assert "ExtensionRequested" not in events(ducha, case_id)
