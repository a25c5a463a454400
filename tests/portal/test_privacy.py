"""Planted identity and photo location never reach anything public.

A complaint with a name, phone, e-mail and a photo carrying GPS goes through the portal and is
worked on by officials; every public page, feed and data file is then fetched and searched.
"""

from __future__ import annotations

import io
import re
from typing import Any

from flask import Flask
from PIL import Image

from core.service.application import Ducha
from tests.helpers import INTAKE, OFFICE
from tests.photos import photo_bytes
from tests.portal.conftest import Browser, receipt_of, report_data, stored_blob

NAME, PHONE, EMAIL = "欧阳秀英", "13987654321", "ouyang.xiuying@example.cn"
#: 31°17'33.33" N, 121°29'55.55" E, as written by a phone camera.
GPS = ((31.0, 17.0, 33.33), (121.0, 29.0, 55.55))
GPS_TEXTS = ("31.2925", "121.4987", "31°17", "121°29")


def public_urls(reference: str) -> list[str]:
    return [
        "/", "/?lang=en", "/cases", f"/cases?q={reference}", f"/cases/{reference}",
        f"/cases/{reference}?lang=en", f"/cases/{reference}/feed.atom", "/feed.atom", "/map",
        "/map/cases.geojson", "/map/districts.geojson", "/typical", "/stats",
    ]  # fmt: skip


def test_no_public_response_carries_identity_or_photo_location(
    browser: Browser, web: Flask, ducha: Ducha, project: Any
) -> None:
    photo = (io.BytesIO(photo_bytes(gps=GPS)), "here.jpg")
    browser.submit("/report", report_data(name=NAME, phone=PHONE, email=EMAIL, photos=[photo]))
    code, _secret = receipt_of(browser)
    case = ducha.get_by_reference(code)
    attached: Any = ducha.history(case.id)[1]
    assert round(attached.metadata["gps_lat"], 4) == 31.2926  # kept privately, as planted
    ducha.accept(INTAKE, case.id)
    ducha.transfer(OFFICE, case.id, "jc.qingfeng.baihe")
    ducha.post_note(OFFICE, case.id, "已转交白河镇办理。", public=True)
    project()
    anonymous = web.test_client()
    seen = []
    for url in public_urls(code):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        seen.append(url)
        for secret in (NAME, PHONE, EMAIL, *GPS_TEXTS):
            assert secret not in text, f"{secret!r} on {url}"
    assert code in anonymous.get(f"/cases/{code}").get_data(as_text=True)
    assert len(seen) == len(public_urls(code))


def test_the_photo_shown_has_no_exif_at_all(
    browser: Browser, web: Flask, ducha: Ducha, project: Any
) -> None:
    browser.submit("/report", report_data(photos=[(io.BytesIO(photo_bytes(gps=GPS)), "a.jpg")]))
    code, _secret = receipt_of(browser)
    case_id = ducha.get_by_reference(code).id
    attached: Any = ducha.history(case_id)[1]
    ducha.accept(INTAKE, case_id)  # only a public case's photo is served
    project()
    response = web.test_client().get(f"/photos/{attached.metadata['public_sha256']}.jpg")
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.data)) as image:
        assert not image.getexif()
    assert not re.search(rb"Exif|GPS", response.data)


def test_what_a_resident_types_about_themselves_stays_off_every_public_page(
    browser: Browser, web: Flask, ducha: Ducha, project: Any
) -> None:
    """An address cut in half by the title's length is masked before the cut; the
    complainant's own name typed into their words never enters an event."""
    typed = "ouyang.typed@example.cn"
    first_line = "河水发黑发臭" * 8 + "，请发邮件到 " + typed  # the 60th character falls inside
    assert 50 < first_line.index(typed) < 60 < first_line.index(typed) + len(typed)
    description = f"{first_line}\n我是{NAME}，住在河边。"
    browser.submit("/report", report_data(name=NAME, phone=PHONE, description=description))
    code, _secret = receipt_of(browser)
    case = ducha.get_by_reference(code)
    assert NAME.encode() not in stored_blob(ducha)
    assert NAME.encode("unicode_escape") not in stored_blob(ducha)
    ducha.accept(INTAKE, case.id)
    ducha.transfer(OFFICE, case.id, "jc.qingfeng.baihe")
    project()
    anonymous = web.test_client()
    for url in public_urls(code):
        shown = anonymous.get(url).get_data(as_text=True)
        for secret in (NAME, "ouyang.typ", "ouyang"):
            assert secret not in shown, f"{secret!r} on {url}"
    assert "＊＊＊" in anonymous.get(f"/cases/{code}").get_data(as_text=True)
