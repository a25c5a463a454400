"""The auditors' pages: history, state at a version or moment, differences, exports, refusals."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from html import unescape
from uuid import UUID
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from flask import Flask

from core.domain.roles import Actor, Role
from core.domain.values import Category, EvidenceKind, Origin
from core.ledger.proofs import verify_inclusion
from core.ledger.tree import event_leaf_hash
from core.service.application import Ducha
from core.service.contacts import Contact
from core.settings import Settings
from projections.ledger.sealer import stored_records, write_checkpoint
from stores.services import Services
from stores.signing import Signer, write_signer
from tests.admin.casework import Sync, browser_for, post
from tests.admin.conftest import PASSWORD, Browser
from tests.conftest import Clock
from tests.helpers import PLACE, RESIDENT, UNIT, drive

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # nothing here depends on the store
BEIJING = ZoneInfo("Asia/Shanghai")
CLAIMED = date(2026, 10, 20)
PLANTED = Contact(
    name="张秘密",
    phone="13912345678",
    email="secret.reporter@example.cn",
    id_number="42010619800101123X",
    address="秘密小区 7 栋 301",
    ip="203.0.113.77",
)
TYPED_PHONE = "13800001111"
RESIDENT_GPS = (30.5123456, 114.3123456)


def _played(ducha: Ducha, clock: Clock) -> tuple[UUID, str]:
    """A resident's complaint with planted identity, played to closing with a backdated claim."""
    receipt = ducha.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title="河道黑臭水体",
        description=f"河道黑臭，夏季异味明显。有事打我电话 {TYPED_PHONE}",
        categories=[Category.WATER],
        place=PLACE,
        contact=PLANTED,
    )
    ducha.attach_evidence(
        RESIDENT,
        receipt.case_id,
        sha256="cd" * 32,
        media_type="image/jpeg",
        size_bytes=2000,
        kind=EvidenceKind.BEFORE,
        metadata={
            "gps_lat": RESIDENT_GPS[0],
            "gps_lon": RESIDENT_GPS[1],
            "exif_time": "2026-10-01T07:15:00",
            "software": "ResidentCam 1.0",
            "perceptual_hash": "f0f0f0f0f0f0f0f0",
        },
    )
    drive(ducha, receipt.case_id, clock, until="rectifying")
    ducha.report_progress(UNIT, receipt.case_id, "截污完成一半", 50, effective_date=CLAIMED)
    drive(ducha, receipt.case_id, clock, until="closed")
    return receipt.case_id, receipt.reference


@pytest.fixture
def played(ducha: Ducha, clock: Clock, site: Flask, sync: Sync) -> tuple[UUID, str]:
    case = _played(ducha, clock)
    sync()
    return case


def _html(browser: object, url: str, expected: int = 200) -> str:
    response = browser.get(url)  # type: ignore[attr-defined]
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    return unescape(response.get_data(as_text=True))


def _field(html: str, name: str) -> str:
    found = re.search(rf'<tr data-field="{name}"><th>{name}</th><td>(.*?)</td></tr>', html, re.S)
    assert found, name
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_history_lists_every_event_with_actor_and_times(
    site: Flask, ducha: Ducha, played: tuple[UUID, str]
) -> None:
    case_id, reference = played
    html = _html(browser_for(site, "sun"), f"/audit/cases/{reference}")
    rows = re.findall(r'<tr data-event="(\w+)" data-version="(\d+)">', html)
    history = ducha.history(case_id)
    assert rows == [(type(e).__name__, str(e.originator_version)) for e in history]
    for event in history:
        start = f'data-event="{type(event).__name__}" data-version="{event.originator_version}">'
        row = html.split(start, 1)[1].split("</tr>")[0]
        actor = event.actor  # type: ignore[attr-defined]
        assert actor.user_id in row and actor.role.value in row and actor.unit_id in row
        assert event.timestamp.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") in row
    claimed = re.findall(r'<td class="claimed">([^<]*)</td>', html)
    assert [c for c in claimed if c] == [CLAIMED.isoformat()]


def test_state_at_a_version_or_moment_is_the_replayed_aggregate(
    site: Flask, ducha: Ducha, played: tuple[UUID, str]
) -> None:
    case_id, reference = played
    auditor = browser_for(site, "sun")
    history = ducha.history(case_id)
    for k in (1, 4, len(history)):
        replayed = ducha.get(case_id, version=k)
        html = _html(auditor, f"/audit/cases/{reference}/state?version={k}")
        assert _field(html, "version") == str(k)
        assert _field(html, "status") == replayed.status.value
        assert _field(html, "plan_status") == (replayed.plan_status or "—")
        assert _field(html, "deadline") == (
            replayed.deadline.isoformat() if replayed.deadline else "—"
        )
    moment = history[2].timestamp.astimezone(BEIJING).isoformat()
    html = _html(auditor, f"/audit/cases/{reference}/state?at={moment.replace('+', '%2B')}")
    assert 'id="state" data-version="3"' in html
    too_early = history[0].timestamp.astimezone(BEIJING).replace(microsecond=0, second=0)
    html = _html(auditor, f"/audit/cases/{reference}/state?at={too_early:%Y-%m-%dT%H:%M}", 400)
    assert "The case did not exist yet" in html


def test_diff_shows_the_changed_fields_and_the_events_between(
    site: Flask, ducha: Ducha, played: tuple[UUID, str]
) -> None:
    case_id, reference = played
    accepted = next(e for e in ducha.history(case_id) if type(e).__name__ == "Accepted")
    k = accepted.originator_version
    html = _html(browser_for(site, "sun"), f"/audit/cases/{reference}/diff?from={k - 1}&to={k}")
    changed = re.findall(
        r'<tr data-field="(\w+)">\s*<th>\w+</th>\s*<td class="old">(.*?)</td>\s*'
        r'<td class="new">(.*?)</td>',
        html,
        re.S,
    )
    assert ("status", "reported", "accepted") in changed
    assert {name for name, _old, _new in changed} == {"version", "status", "deadline"}
    assert f'<li data-version="{k}">' in html and f'<li data-version="{k - 1}">' not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state?version=0", "between 1 and"),
        ("state?version=abc", "whole number"),
        ("state?at=yesterday", "yesterday is not a date and time"),
        ("diff?from=1", "whole number"),
        ("diff?from=1&to=999", "between 1 and"),
    ],
)
def test_bad_versions_and_moments_are_refused_with_a_message(
    site: Flask, played: tuple[UUID, str], query: str, message: str
) -> None:
    html = _html(browser_for(site, "sun"), f"/audit/cases/{played[1]}/{query}", 400)
    assert message in html


def test_find_by_reference_or_id_and_unknown_cases(site: Flask, played: tuple[UUID, str]) -> None:
    case_id, reference = played
    auditor = browser_for(site, "sun")
    assert f'href="/audit/cases/{reference}"' in _html(auditor, "/audit/")
    for query in (reference.lower(), str(case_id)):
        response = auditor.get(f"/audit/?q={query}")
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"/audit/cases/{reference}")
    assert "No case has" in _html(auditor, "/audit/?q=GZ-2000-999999", 404)
    assert "No case has" in _html(auditor, "/audit/cases/GZ-2000-999999/export.json", 404)


def test_exports_hold_every_event_and_say_when_there_is_no_checkpoint(
    site: Flask, ducha: Ducha, played: tuple[UUID, str]
) -> None:
    case_id, reference = played
    auditor = browser_for(site, "sun")
    response = auditor.get(f"/audit/cases/{reference}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    versions = [e["version"] for e in document["events"]]
    assert versions == [e.originator_version for e in ducha.history(case_id)]
    assert document["events"][0]["actor"]["role"] == "resident"
    assert document["state"]["status"] == "closed"
    assert document["ledger"]["checkpoint"] is None
    assert document["ledger"]["message"] == "no checkpoint yet"
    assert "no checkpoint yet" in _html(auditor, f"/audit/cases/{reference}/export.html")

    pdf = auditor.get(f"/audit/cases/{reference}/export.pdf").get_data()
    assert pdf.startswith(b"%PDF")
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))
    assert reference in text and "河道黑臭水体" in text and "SignedOff" in text


def test_exports_carry_inclusion_proofs_that_verify_against_the_checkpoint(
    site: Flask, ducha: Ducha, played: tuple[UUID, str], settings: Settings
) -> None:
    case_id, reference = played
    key = settings.data_dir / "signing.key"
    write_signer(key, Signer.generate("ducha.test/ledger"))
    services = Services(replace(settings, signing_key=key))
    write_checkpoint(services)
    services.close()
    ducha.post_note(UNIT, case_id, "检查后补充说明", public=False)  # after the checkpoint
    auditor = browser_for(site, "sun")
    document = auditor.get(f"/audit/cases/{reference}/export.json").get_json()
    ledger = document["ledger"]
    checkpoint = ledger["checkpoint"]
    size, root = checkpoint["tree_size"], bytes.fromhex(checkpoint["root_hash_hex"])
    stored = {n.id: n for n in stored_records(ducha) if n.originator_id == case_id}
    proofs = ledger["proofs"]
    assert [p["version"] for p in proofs] == list(range(1, len(document["events"])))
    for proof in proofs:
        leaf = bytes.fromhex(proof["leaf_hash_hex"])
        assert leaf == event_leaf_hash(stored[proof["notification_id"]])
        path = [bytes.fromhex(h) for h in proof["proof_hex"]]
        assert verify_inclusion(proof["leaf_index"], size, leaf, path, root)
        assert not verify_inclusion(proof["leaf_index"] ^ 1, size, leaf, path, root)
    assert "recorded after this checkpoint" in ledger["message"]
    page = _html(auditor, f"/audit/cases/{reference}/export.html")
    assert checkpoint["root_hash_hex"] in page and proofs[0]["proof_hex"][0] in page


def _everything(browser: object, reference: str, versions: int, pdf: bool = True) -> str:
    urls = [
        "/audit/",
        f"/audit/cases/{reference}",
        f"/audit/cases/{reference}/state?version=1",
        f"/audit/cases/{reference}/diff?from=1&to={versions}",
        f"/audit/cases/{reference}/export.json",
        f"/audit/cases/{reference}/export.html",
    ]
    texts = [_html(browser, url) for url in urls]
    if pdf:
        data = browser.get(f"/audit/cases/{reference}/export.pdf").get_data()  # type: ignore[attr-defined]
        texts += [p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(data)]
    return "\n".join(texts)


def test_no_complainant_identity_reaches_any_page_or_export(
    site: Flask, ducha: Ducha, played: tuple[UUID, str]
) -> None:
    case_id, reference = played
    case = ducha.get(case_id)
    everything = _everything(browser_for(site, "sun"), reference, case.version)
    planted = [v for v in vars(PLANTED).values() if v] + [TYPED_PHONE]
    planted += [str(RESIDENT_GPS[0]), str(RESIDENT_GPS[1]), "ResidentCam", "2026-10-01T07:15"]
    planted += case.tracking_secret_hashes
    assert [value for value in planted if value in everything] == []
    assert "河道黑臭" in everything and "f0f0f0f0f0f0f0f0" in everything  # the rest is there


@pytest.mark.parametrize("username", ["wang", "zhao", "chen"])
def test_other_roles_are_refused_with_a_message(
    site: Flask, played: tuple[UUID, str], username: str
) -> None:
    reference = played[1]
    browser = browser_for(site, username)
    for url in ("/audit/", f"/audit/cases/{reference}", f"/audit/cases/{reference}/export.pdf"):
        assert "needs one of these roles: auditor" in _html(browser, url, 403)


def test_anonymous_auditors_log_in_and_come_back_to_the_audit_page(
    site: Flask, played: tuple[UUID, str]
) -> None:
    browser = Browser(site.test_client())
    response = browser.get(f"/audit/cases/{played[1]}")
    assert response.status_code == 302 and "/admin/login?next=" in response.location
    login = response.location
    sent = browser.submit(login, {"username": "sun", "password": PASSWORD}, action=login)
    assert sent.status_code == 303 and sent.location == f"/audit/cases/{played[1]}"
    assert '<a href="/audit/" id="audit-link">' in _html(browser, "/admin/")


def test_auditors_have_no_forms_that_write_and_officials_actions_refuse_them(
    site: Flask, ducha: Ducha, played: tuple[UUID, str]
) -> None:
    case_id, reference = played
    auditor = browser_for(site, "sun")
    everything = _everything(auditor, reference, ducha.get(case_id).version, pdf=False)
    posting = re.findall(r'<form method="post" action="([^"]+)"', everything)
    assert set(posting) == {"/admin/logout"}
    before = ducha.get(case_id).version
    base = {"csrf_token": auditor.token("/admin/"), "version": str(before)}
    for action, data in [("post_note", {"text": "审计意见"}), ("rebound", {"reason": "x"})]:
        assert post(auditor, reference, action, data, **base).status_code == 403
    assert ducha.get(case_id).version == before


def test_a_staff_photos_exif_is_shown_to_auditors(
    site: Flask, ducha: Ducha, played: tuple[UUID, str]
) -> None:
    case_id, reference = played
    inspector = Actor("u-inspector", "jc.dcz1", Role.INSPECTOR)
    metadata = {"gps_lat": 30.61, "gps_lon": 114.27, "software": "InspectorCam"}
    ducha.attach_evidence(
        inspector,
        case_id,
        sha256="ef" * 32,
        media_type="image/jpeg",
        size_bytes=3000,
        kind=EvidenceKind.AFTER,
        metadata=metadata,
    )
    html = _html(browser_for(site, "sun"), f"/audit/cases/{reference}")
    assert "InspectorCam" in html and "30.61" in html and "(withheld)" in html


def test_auditors_never_see_contact_details_typed_into_the_title_address_or_description(
    site: Flask, ducha: Ducha, clock: Clock, sync: Sync
) -> None:
    typed = ("13800001111", "13900002222", "typed.reporter@example.cn", "42010619800101123X")
    receipt = ducha.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title=f"电话{typed[0]}河道黑臭",
        description=f"河道黑臭，请联系 {typed[2]}，身份证 {typed[3]}",
        categories=[Category.WATER],
        place=replace(PLACE, address=f"湖滨路 {typed[1]} 号"),
    )
    drive(ducha, receipt.case_id, clock, until="transferred")
    sync()
    auditor = browser_for(site, "sun")
    pages = ["", "/state?version=1", "/state", "/diff?from=1&to=3", "/export.json"]
    pages += ["/export.html", "/export.pdf"]
    seen = {url: auditor.get(f"/audit/cases/{receipt.reference}{url}") for url in pages}
    seen["/audit/"] = auditor.get("/audit/")
    seen["case page"] = auditor.get(f"/admin/cases/{receipt.reference}")
    for url, response in seen.items():
        assert response.status_code == 200, url
        body = response.get_data()
        if url.endswith(".pdf"):
            pdf = pypdfium2.PdfDocument(body)
            body = "".join(page.get_textpage().get_text_range() for page in pdf).encode()
        for value in typed:
            assert value.encode() not in body, f"{value} on {url}"
    official = browser_for(site, "li").get(f"/admin/cases/{receipt.reference}")
    assert typed[3] in official.get_data(as_text=True)  # the intake desk reads the complaint
