"""Atom feeds, the statistics page, the map (SVG and GeoJSON) and the public photos."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from core.domain.districts import districts
from core.domain.values import Evidence, EvidenceKind
from core.service.application import Ducha
from core.settings import Settings
from projections.engine.projector import catch_up_all
from stores.evidence import EvidenceStore
from stores.services import Services
from tests.helpers import INTAKE, report
from tests.photos import photo_bytes
from tests.portal.public_world import DONGHU_POINT, build, client, text

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(response: Any) -> ET.Element:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{ATOM}feed"
    return root


def test_a_case_feed_holds_its_public_timeline(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    reference = world.references["closed"]
    root = feed(client(environ).get(f"/cases/{reference}/feed.atom?lang=en"))
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert titles[0] == "Published as a typical case: 东湖区河道黑臭整治典型案例"
    assert "Closed" in titles and "Site inspected" in titles
    assert "Plan approved" not in titles  # not a public event
    link = root.find(f"{ATOM}entry/{ATOM}link")
    assert link is not None and link.get("href") == f"{settings.public_url}/cases/{reference}"


def test_every_feed_entry_has_a_unique_id_and_a_date(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    build(ducha, settings, clock)
    root = feed(client(environ).get("/feed.atom"))
    ids = [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]
    assert ids and len(ids) == len(set(ids))
    assert all(e.findtext(f"{ATOM}updated") for e in root.iter(f"{ATOM}entry"))
    assert root.findtext(f"{ATOM}updated") and root.findtext(f"{ATOM}id")


def test_feed_links_name_the_public_url_the_server_was_started_with(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    """`make run PORT=8765` sets DUCHA_PUBLIC_URL so (tests/test_makefile.py)."""
    world = build(ducha, settings, clock)
    served = client({**environ, "DUCHA_PUBLIC_URL": "http://127.0.0.1:8765"})
    root = feed(served.get("/feed.atom"))
    links = [link.get("href") or "" for link in root.iter(f"{ATOM}link")]
    assert f"http://127.0.0.1:8765/cases/{world.references['closed']}" in links
    assert links and all(link.startswith("http://127.0.0.1:8765/") for link in links), links


def test_the_site_feed_holds_public_cases_only(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    body = ET.tostring(feed(client(environ).get("/feed.atom")), encoding="unicode")
    assert world.references["closed"] in body and world.references["rectifying"] in body
    for hidden in ("reported", "declined", "merged"):
        assert world.references[hidden] not in body
    assert "不予受理" not in body and "尚未受理的噪声问题" not in body


def test_a_non_public_case_has_no_feed(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    response = client(environ).get(f"/cases/{world.references['declined']}/feed.atom")
    assert response.status_code == 404


def test_the_statistics_page_shows_the_numbers(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    build(ducha, settings, clock)
    page = text(client(environ).get("/stats?lang=en"))
    assert '<dd id="real-cases">3</dd>' in page  # closed, rectifying, reported
    assert '<dd id="closed">1</dd>' in page
    assert '<dd id="on-time">100%</dd>' in page
    assert '<dd id="rebound">0% (0/1)</dd>' in page
    assert page.count("<svg") == 3 and page.count("<title") >= 3
    assert "Cases by kind of problem" in page and "<table>" in page


def test_the_map_draws_every_district_and_a_dot_per_located_case(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    page = text(client(environ).get("/map"))
    assert page.count("<polygon") == 6
    for shape in districts():
        assert f'data-district="{shape.id}"' in page and shape.name in page
    assert page.count("<circle") == 1  # the rectifying case has no point
    assert f'<a href="/cases/{world.references["closed"]}" class="case-dot closed">' in page
    assert world.references["declined"] not in page and "vendor/leaflet/leaflet.js" in page


def test_the_cases_geojson_holds_public_fields_only(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    response = client(environ).get("/map/cases.geojson")
    assert response.headers["Content-Type"].startswith("application/geo+json")
    features = json.loads(response.get_data())["features"]
    assert [f["properties"]["reference"] for f in features] == [world.references["closed"]]
    feature = features[0]
    assert set(feature["properties"]) == {"reference", "title", "status", "status_text", "url"}
    lat, lon = DONGHU_POINT
    assert feature["geometry"]["coordinates"] == [round(lon, 3), round(lat, 3)]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_districts_geojson_is_served(settings: Settings, environ: dict[str, str]) -> None:
    data = json.loads(client(environ).get("/map/districts.geojson").get_data())
    ids = {f["properties"]["id"] for f in data["features"]}
    names = ("donghu", "xishan", "nanhe", "beitang", "qingfeng", "baishi")
    assert ids == {f"jc.{d}" for d in names}


def test_the_district_polygons_do_not_overlap() -> None:
    shapes = districts()
    for shape in shapes:
        for k in range(40):
            lon, lat = shape.point_inside(k)
            assert [s.id for s in shapes if s.contains(lon, lat)] == [shape.id]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_public_photo_is_served_with_a_long_cache(
    settings: Settings, environ: dict[str, str], ducha: Ducha
) -> None:
    stored = EvidenceStore(settings.data_dir / "evidence").store_photo(photo_bytes())
    public_case_with(ducha, settings, stored.as_evidence(EvidenceKind.BEFORE))
    response = client(environ).get(f"/photos/{stored.public_sha256}.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert b"Exif" not in response.get_data()


def public_case_with(ducha: Ducha, settings: Settings, evidence: Evidence) -> str:
    """A complaint with the photo, accepted (so public) and projected; its reference."""
    receipt = report(ducha, evidence=[evidence])
    ducha.accept(INTAKE, receipt.case_id)
    catch_up_all(Services(settings))
    return receipt.reference


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_only_a_public_cases_photo_is_served(
    settings: Settings, environ: dict[str, str], ducha: Ducha
) -> None:
    store = EvidenceStore(settings.data_dir / "evidence")
    loose = store.store_photo(photo_bytes(color=(1, 2, 3)))
    waiting = store.store_photo(photo_bytes(color=(9, 9, 9)))
    receipt = report(ducha, evidence=[waiting.as_evidence(EvidenceKind.BEFORE)])
    catch_up_all(Services(settings))
    web = client(environ)
    for stored in (loose, waiting):  # attached to no case; attached to one not yet accepted
        assert web.get(f"/photos/{stored.public_sha256}.jpg").status_code == 404
    ducha.accept(INTAKE, receipt.case_id)
    catch_up_all(Services(settings))
    assert web.get(f"/photos/{waiting.public_sha256}.jpg").status_code == 200
    assert web.get(f"/photos/{loose.public_sha256}.jpg").status_code == 404


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("name", ["original", "nothex", "..%2F..%2Fsecret", "F" * 64, "0" * 64])
def test_the_photo_route_refuses_anything_else(
    settings: Settings, environ: dict[str, str], name: str
) -> None:
    stored = EvidenceStore(settings.data_dir / "evidence").store_photo(photo_bytes())
    asked = stored.sha256 if name == "original" else name
    assert client(environ).get(f"/photos/{asked}.jpg").status_code == 404
