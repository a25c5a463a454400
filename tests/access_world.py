"""The world the route-by-role test asks about: a Donghu case (transferred, with a photo and a
PDF), a campaign whose group 1 has a secret sample in Donghu, and, for each staff role, one
official whose grant reaches all of it ("home") and one granted in Xishan ("away")."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from core.campaign.rules import Group, Member
from core.domain.values import EvidenceKind, Origin
from core.service.application import Ducha
from projections.engine.projector import catch_up_all
from stores.api_keys import create_key
from stores.campaigns import campaigns_of
from stores.evidence import EvidenceStore
from stores.staff import create_account, grant
from tests.admin.conftest import NOW, PASSWORD
from tests.helpers import OFFICE, drive, report
from tests.photos import photo_bytes

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
#: identity -> (username, role, unit); "anon" has none.
OFFICIALS = {
    "intake": ("li", "intake", "jc.donghu"),
    "intake_away": ("xu", "intake", "jc.xishan"),
    "office": ("wang", "office", "jc"),
    "office_away": ("ma", "office", "jc.xishan"),
    "unit": ("zhao", "unit", "jc.donghu.hubin"),
    "unit_away": ("fu", "unit", "jc.xishan.fenghuang"),
    "inspector": ("zhou", "inspector", "jc.dcz1"),
    "inspector_away": ("qian", "inspector", "jc.dcz2"),
    "leader": ("chen", "leader", "jc"),
    "leader_away": ("he", "leader", "jc.xishan"),
    "auditor": ("sun", "auditor", "jc"),
    "auditor_away": ("fang", "auditor", "jc.xishan"),
}
IDENTITIES = ["anon", *OFFICIALS]
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Visitor:
    """One identity's browser (its own client address, so no rate limit is shared), its CSRF
    token and its staff-API key."""

    client: FlaskClient
    token: str
    api_key: str | None


@dataclass(frozen=True)
class World:
    values: dict[str, str]
    visitors: dict[str, Visitor]
    case_version: int


def _visitor(web: Flask, number: int, username: str | None) -> Visitor:
    client = web.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number}"
    api_key = None
    if username is not None:
        login = client.get("/admin/login").get_data(as_text=True)
        found = _CSRF.search(login)
        assert found
        form = {"csrf_token": found.group(1), "username": username, "password": PASSWORD}
        assert client.post("/admin/login", data=form).status_code == 303, username
        engine, now = web.extensions["ducha"].engine, datetime.now(UTC)
        name = f"{username}-key"
        api_key = create_key(engine, name, now, username=username, rate_limit="1000/minute")
    page = client.get("/report").get_data(as_text=True)
    found = _CSRF.search(page)
    assert found
    return Visitor(client, found.group(1), api_key)


def build(web: Flask, ducha: Ducha, clock: Any) -> World:
    services = web.extensions["ducha"]
    engine, tree = services.engine, services.tree
    for username, role, unit in [*OFFICIALS.values(), ("target", "unit", "jc.donghu.hubin")]:
        create_account(engine, username, username.title(), PASSWORD, NOW)
        grant(engine, tree, username, role, unit, "root", NOW)
    store = EvidenceStore(services.settings.data_dir / "evidence")
    photo = store.store_photo(photo_bytes())
    document = store.store_document(PDF)
    evidence = [
        photo.as_evidence(EvidenceKind.BEFORE),
        document.as_evidence(EvidenceKind.DOCUMENT),
    ]
    receipt = report(ducha, evidence=evidence)
    drive(ducha, receipt.case_id, clock, until="transferred")
    catch_up_all(services)
    campaigns = campaigns_of(services)
    campaign_id = campaigns.plan(
        OFFICE,
        name="东湖区专项督查",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
        origins=[Origin.RESIDENT_COMPLAINT],
    )
    for unit, district in (("jc.dcz1", "jc.donghu"), ("jc.dcz2", "jc.xishan")):
        leader = Member("陈刚", "jc.zgb", "chen")
        campaigns.assign_group(OFFICE, campaign_id, Group(unit, leader, (district,)))
    campaigns.draw_sample(
        OFFICE, campaign_id, "jc.dcz1", "jc.donghu", frame=[receipt.reference], size=1
    )
    catch_up_all(services)
    values = {
        "reference": receipt.reference,
        "campaign_id": str(campaign_id),
        "group_id": "jc.dcz1",
        "district_id": "jc.donghu",
        "photo": photo.public_sha256,
        "document": document.sha256,
        "username": "target",
        "flag_id": str(uuid.uuid4()),
        "upload": "no-such-upload",
    }
    visitors = {
        identity: _visitor(web, number, OFFICIALS[identity][0] if identity != "anon" else None)
        for number, identity in enumerate(IDENTITIES, start=10)
    }
    return World(values, visitors, ducha.get(receipt.case_id).version)
