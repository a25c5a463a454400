"""Reporting a problem through the portal: the form, photos, refusals, "is it one of these?"."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from core.service.application import Ducha
from stores.contacts import contacts_table
from tests.helpers import INTAKE, report
from tests.photos import bomb_png, photo_bytes
from tests.portal.conftest import Browser, receipt_of, report_data, stored_blob
from tests.stores.test_evidence import full_disk


def cases_in(ducha: Ducha) -> list[Any]:
    stored = ducha.recorder.select_notifications(start=1, limit=10_000)
    return [n for n in stored if n.topic.endswith("Case.Reported")]


def test_the_form_offers_categories_districts_and_townships(browser: Browser) -> None:
    page = browser.get("/report").get_data(as_text=True)
    assert 'value="water"' in page and 'value="noise"' in page
    assert 'value="jc.qingfeng"' in page and 'value="jc.qingfeng.baihe"' in page
    assert 'name="website"' in page  # the honeypot is there, hidden


def test_a_report_is_received_and_its_secret_shown_once(browser: Browser, ducha: Ducha) -> None:
    response = browser.submit("/report", report_data())
    assert response.status_code == 303 and response.location.endswith("/report/done")
    code, secret = receipt_of(browser)
    assert code.startswith("GZ-") and len(secret) >= 20
    assert browser.get("/report/done").status_code == 302  # shown once
    case = ducha.get_by_reference(code)
    assert case.place.township_id == "jc.qingfeng.baihe" and case.status == "reported"


def test_contact_details_go_to_the_contact_table_never_into_events(
    browser: Browser, ducha: Ducha, web: Flask
) -> None:
    browser.submit(
        "/report",
        report_data(name="王秀英", phone="13912345678", email="wang.xiuying@example.cn"),
    )
    receipt_of(browser)
    blob = stored_blob(ducha)
    for planted in ("王秀英", "13912345678", "wang.xiuying@example.cn"):
        assert planted.encode() not in blob and planted.encode("unicode_escape") not in blob
    with web.extensions["ducha"].engine.connect() as conn:
        row = conn.execute(select(contacts_table)).one()
    assert (row.name, row.phone, row.email) == ("王秀英", "13912345678", "wang.xiuying@example.cn")


def test_an_anonymous_report_keeps_no_contact(browser: Browser, web: Flask) -> None:
    browser.submit("/report", report_data(anonymous="y", name="王秀英", phone="13912345678"))
    receipt_of(browser)
    with web.extensions["ducha"].engine.connect() as conn:
        assert conn.execute(select(contacts_table)).all() == []


def test_photos_are_attached_with_their_exif_kept_privately(browser: Browser, ducha: Ducha) -> None:
    photos = [(io.BytesIO(photo_bytes()), "river.jpg"), (io.BytesIO(photo_bytes("PNG")), "b.png")]
    browser.submit("/report", report_data(photos=photos))
    code, _ = receipt_of(browser)
    evidence = [e for e in ducha.history(ducha.get_by_reference(code).id)][1:]
    assert [type(e).__name__ for e in evidence] == ["EvidenceAttached", "EvidenceAttached"]
    first: Any = evidence[0]
    assert first.metadata["exif_time"] == "2026-10-30T14:05:09"
    assert first.actor.role.value == "resident"


def test_missing_fields_are_refused_next_to_the_fields(browser: Browser, ducha: Ducha) -> None:
    response = browser.submit("/report", report_data(categories=[], description=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="categories-error"' in page and 'id="description-error"' in page
    assert 'id="address-error"' not in page  # the address was given
    assert cases_in(ducha) == []


def test_a_file_that_is_not_a_photo_is_refused_with_its_name(
    browser: Browser, ducha: Ducha
) -> None:
    fake = (io.BytesIO(b"MZ\x90\x00 this is not an image"), "holiday.jpg")
    response = browser.submit("/report", report_data(photos=[fake]))
    assert response.status_code == 400
    assert "holiday.jpg" in response.get_data(as_text=True)
    assert cases_in(ducha) == []


def test_a_decompression_bomb_is_refused_as_too_large(browser: Browser, ducha: Ducha) -> None:
    browser.client.set_cookie("lang", "en")
    response = browser.submit("/report", report_data(photos=[(io.BytesIO(bomb_png()), "a.png")]))
    assert response.status_code == 400
    assert "too large in pixels" in response.get_data(as_text=True)
    assert cases_in(ducha) == []


def test_a_full_disk_is_a_503_that_records_nothing(
    browser: Browser, ducha: Ducha, web: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_disk(monkeypatch)
    browser.client.set_cookie("lang", "en")
    photos = [(io.BytesIO(photo_bytes()), "river.jpg")]
    response = browser.submit("/report", report_data(photos=photos))
    assert response.status_code == 503
    assert "cannot be stored right now" in response.get_data(as_text=True)
    assert cases_in(ducha) == []
    evidence = web.extensions["ducha"].settings.data_dir / "evidence"
    assert not [p for p in evidence.rglob("*.tmp")]


def test_more_than_six_photos_are_refused(browser: Browser, ducha: Ducha) -> None:
    photos = [(io.BytesIO(photo_bytes()), f"p{i}.jpg") for i in range(7)]
    response = browser.submit("/report", report_data(photos=photos))
    assert response.status_code == 400 and cases_in(ducha) == []


def test_the_honeypot_stops_robots(browser: Browser, ducha: Ducha) -> None:
    response = browser.submit("/report", report_data(website="http://spam.example"))
    assert response.status_code == 400 and cases_in(ducha) == []


def test_a_form_without_its_csrf_token_gets_a_400_page(web: Flask, ducha: Ducha) -> None:
    response = web.test_client().post("/report", data=report_data())
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)
    assert cases_in(ducha) == []


def test_an_upload_over_the_limit_gets_a_friendly_413_page(web: Flask, browser: Browser) -> None:
    web.config["MAX_CONTENT_LENGTH"] = 50_000
    big = (io.BytesIO(b"\xff" * 60_000), "big.jpg")
    response = browser.submit("/report", report_data(photos=[big]))
    assert response.status_code == 413
    assert "10 MB" in response.get_data(as_text=True)


def test_script_in_every_field_is_shown_as_text(browser: Browser) -> None:
    payload = "<script>alert('x')</script>"
    named = "<script>alert('name')</script>"  # a name typed into the text would be masked
    browser.submit(
        "/report", report_data(address=payload, description=f"河水发黑 {payload}", name=named)
    )
    code, _ = receipt_of(browser)
    page = browser.get(f"/track/{code}").get_data(as_text=True)
    assert payload not in page and "&lt;script&gt;" in page


def test_a_nearby_open_case_is_offered_before_a_new_one(
    browser: Browser, ducha: Ducha, project: Any
) -> None:
    existing = report(ducha, title="白河黑臭")
    ducha.accept(INTAKE, existing.case_id)
    project()
    response = browser.submit(
        "/report", report_data(district="jc.donghu", township="jc.donghu.hubin")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and existing.reference in page
    assert cases_in(ducha) == cases_in(ducha)[:1]  # nothing new yet


def test_adding_to_the_nearby_case_counts_as_a_repeat_complaint(
    browser: Browser, ducha: Ducha, project: Any
) -> None:
    existing = report(ducha, title="白河黑臭")
    ducha.accept(INTAKE, existing.case_id)
    project()
    page = browser.submit(
        "/report", report_data(district="jc.donghu", township="jc.donghu.hubin")
    ).get_data(as_text=True)
    token = page.split('name="token" value="')[1].split('"')[0]
    response = browser.submit(
        "/report", {"token": token, "choice": existing.reference}, action="/report/confirm"
    )
    assert response.status_code == 303
    code, secret = receipt_of(browser)
    assert code == existing.reference and secret != existing.tracking_secret
    assert ducha.get(existing.case_id).linked_complaints == 1
    assert len(cases_in(ducha)) == 1
    other = Browser(browser.client.application.test_client())
    assert other.submit("/track", {"code": code, "secret": secret}).status_code == 303


def test_choosing_new_creates_a_case_and_a_used_draft_is_gone(
    browser: Browser, ducha: Ducha, project: Any
) -> None:
    existing = report(ducha)
    ducha.accept(INTAKE, existing.case_id)
    project()
    page = browser.submit(
        "/report", report_data(district="jc.donghu", township="jc.donghu.hubin")
    ).get_data(as_text=True)
    token = page.split('name="token" value="')[1].split('"')[0]
    first = browser.submit("/report", {"token": token, "choice": "new"}, action="/report/confirm")
    again = browser.submit("/report", {"token": token, "choice": "new"}, action="/report/confirm")
    assert first.status_code == 303 and again.status_code == 410
    assert len(cases_in(ducha)) == 2


def test_too_many_reports_from_one_client_are_refused(
    settings: Any, environ: dict[str, str], ducha: Ducha
) -> None:
    from wsgi import create_app

    app = create_app({**environ, "DUCHA_REPORT_RATE_LIMIT": "2 per minute"})
    client = Browser(app.test_client())
    codes = [client.submit("/report", report_data()).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    assert len(cases_in(ducha)) == 2


def test_with_redis_the_rate_limit_is_shared_by_all_workers(
    settings: Any, environ: dict[str, str], ducha: Ducha
) -> None:
    import redis

    from tests.conftest import skip_or_fail
    from wsgi import create_app

    url = "redis://127.0.0.1:6379/15"  # a database of its own, emptied for the test
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError as exc:
        skip_or_fail("REQUIRE_REDIS", f"Redis is not reachable at {url}: {exc}")
    shared = {**environ, "REDIS_URL": url, "DUCHA_REPORT_RATE_LIMIT": "2 per minute"}
    workers = [create_app(shared), create_app(shared)]
    first, second = (Browser(app.test_client()) for app in workers)
    codes = [
        first.submit("/report", report_data()).status_code,
        second.submit("/report", report_data()).status_code,
        first.submit("/report", report_data()).status_code,
    ]
    assert codes == [303, 303, 429]
