"""The evidence gallery on the officials' case page: officials see a photo's EXIF time, GPS and
software; an auditor sees a resident's photo without them (where a resident stood can name them),
and a staff photo's in full."""

from __future__ import annotations

import io

import pytest
from flask import Flask

from core.service.application import Ducha
from tests.admin import casework
from tests.admin.casework import browser_for, page
from tests.browsing import Browser
from tests.helpers import INTAKE
from tests.photos import photo_bytes

officials, sync = casework.officials, casework.sync  # the fixtures
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
RESIDENT_GPS = "30.59"  # photo_bytes' default GPS point: 30°35'24" N, 114°18' E
REPORT = {
    "categories": ["water"],
    "district": "jc.donghu",
    "township": "jc.donghu.hubin",
    "address": "湖滨路 18 号排口",
    "description": "排口排黑水。",
}


@pytest.fixture
def reference(web: Flask, ducha: Ducha, officials: None, sync: casework.Sync) -> str:
    web.config.update(RATELIMIT_ENABLED=False)
    resident = Browser(web.test_client())
    photo = (io.BytesIO(photo_bytes()), "outfall.jpg")
    response = resident.submit("/report", {**REPORT, "photos": [photo]})
    assert response.status_code == 303, response.get_data(as_text=True)
    case = ducha.get(next(iter(ducha.recorder.select_notifications(1, 1))).originator_id)
    ducha.accept(INTAKE, case.id)
    sync()
    return case.reference


def test_officials_see_the_photos_exif(web: Flask, reference: str) -> None:
    html = page(browser_for(web, "li"), reference)
    assert 'class="card evidence-gallery"' in html and 'data-kind="before"' in html
    assert RESIDENT_GPS in html


def test_an_auditor_sees_a_residents_photo_without_its_exif(web: Flask, reference: str) -> None:
    html = page(browser_for(web, "sun"), reference)
    assert 'class="card evidence-gallery"' in html and 'data-kind="before"' in html
    assert RESIDENT_GPS not in html
