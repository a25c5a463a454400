"""The intake desk and the office in a real browser (Debian's Chromium driven by Playwright): the
desk registers a phone complaint with the caller's contact and reads out the code, shows the
contact later (a logged read), and the office prints the transfer notice once it transferred.

Set DUCHA_SHOTS to a folder to keep a screenshot of each page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.admin.casework import officials  # noqa: F401
from tests.admin.test_browser import act, desk, live_url, web_clock  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
]
SHOTS = os.environ.get("DUCHA_SHOTS")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_the_desk_registers_a_phone_complaint_and_the_office_prints_the_transfer_notice(
    live_url: str,  # noqa: F811
    chromium: Any,
) -> None:
    intake = desk(chromium, live_url, "li")
    intake.click("#register-link")
    intake.select_option("#reg-origin", "resident_complaint")
    intake.select_option("#reg-channel", "phone")
    intake.fill("#reg-received_at", "2026-03-01T18:30")
    intake.fill("#reg-description", "湖滨路化工厂夜里排放刺鼻气味\n来电人称已持续一周")
    intake.check("input[name=categories][value=air]")
    intake.select_option("#reg-district", "jc.donghu")
    intake.select_option("#reg-township", "jc.donghu.hubin")
    intake.fill("#reg-address", "湖滨路 66 号")
    intake.fill("#reg-name", "孙八")
    intake.fill("#reg-phone", "13511112222")
    shot(intake, "1-register-form")
    intake.click("#register button[type=submit]")
    intake.wait_for_load_state()
    assert intake.locator("#tracking-code").count() == 1, intake.inner_text("main")
    code = intake.inner_text("#tracking-code").strip()
    assert intake.inner_text("#tracking-secret").strip()
    shot(intake, "2-registered")

    intake.click("#case-link")
    assert intake.inner_text("#case-channel") == "来电"
    assert "13511112222" not in intake.inner_text("main")
    intake.select_option("#contact-purpose", "callback")
    intake.click("#reveal-contact button[type=submit]")
    assert "13511112222" in intake.inner_text("#contact-details")
    assert "孙八" in intake.inner_text("#contact-details")
    shot(intake, "3-contact-revealed")
    intake.goto(f"{live_url}/admin/cases/{code}")  # shown again only through a new read
    assert "13511112222" not in intake.inner_text("main")
    assert act(intake, "record_contact", {"outcome": "called_back", "note": "已回电说明受理流程"})
    assert act(intake, "accept", {"note": "属实，受理"}) == "accepted"

    office = desk(chromium, live_url, "wang")
    office.goto(f"{live_url}/admin/cases/{code}")
    assert office.locator("#papers").count() == 0  # nothing to print before the transfer
    assert office.locator("#reveal-contact").count() == 0  # the office never sees the contact
    transfer = {"unit": "jc.donghu.hubin", "deadline": "2026-04-30", "instructions": "立即核查"}
    assert act(office, "transfer", transfer) == "transferred"
    shot(office, "4-case-page-office")
    office.click('form[data-paper="transfer_notice"] button[type=submit]')
    office.wait_for_load_state()
    number = office.inner_text("#paper-number").strip()
    assert number.startswith("江督交〔2026〕") and number.endswith("号")
    assert office.inner_text("#paper-unit").strip() == "湖滨街道"
    assert "13511112222" not in office.content() and "孙八" not in office.content()
    shot(office, "5-transfer-notice")
    pdf = office.request.get(live_url + (office.locator("#paper-pdf").get_attribute("href") or ""))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    office.goto(f"{live_url}/admin/cases/{code}")
    office.wait_for_selector(f"text=打印交办单（{number}）")

    auditor = desk(chromium, live_url, "sun")
    auditor.goto(f"{live_url}/audit/contact-reads")
    reads = auditor.inner_text("#contact-reads")
    assert code in reads and "回电举报人" in reads and "13511112222" not in reads
    shot(auditor, "6-audit-contact-reads")
