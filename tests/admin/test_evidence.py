"""Evidence for officials: uploads of photos and PDFs, refusals that name the file, thumbnails,
the staff-only file routes, and the gallery with the EXIF fields (both backends)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from PIL import Image
from sqlalchemy import Engine
from werkzeug.datastructures import FileStorage

from admin.cases.evidence import case_evidence
from admin.cases.evidence_upload import MAX_FILES, store_uploads
from core.domain.orgunits import OrgTree
from core.domain.values import Category, Evidence, EvidenceKind, Origin
from projections.engine.projector import catch_up_all
from stores.evidence import THUMB_EDGE, EvidenceStore
from stores.staff import create_account, grant
from tests.admin.conftest import NOW, PASSWORD, Browser
from tests.helpers import PLACE, RESIDENT, report
from tests.photos import photo_bytes

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + (
    b"2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n"
    b"4 0 obj << /Type/Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
MB = 1024 * 1024


def upload(name: str, data: bytes, mimetype: str | None = None) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name, content_type=mimetype)


@pytest.fixture
def request_context(web: Flask) -> Iterator[None]:
    with web.test_request_context("/admin/?lang=en"):
        yield


@pytest.fixture
def store(web: Flask) -> EvidenceStore:
    return EvidenceStore(web.extensions["ducha"].settings.data_dir / "evidence")


@pytest.fixture
def staff(browser: Browser, office_account: str) -> Browser:
    browser.log_in(office_account)
    return browser


def attached(web: Flask, *evidence: Evidence) -> str:
    """Files are served only as part of a case: a Donghu complaint holding them, indexed."""
    services = web.extensions["ducha"]
    receipt = report(services.app, evidence=evidence)
    catch_up_all(services)
    return receipt.reference


def stored_photo(web: Flask) -> Evidence:
    with web.test_request_context("/admin/?lang=en"):
        kept, errors = store_uploads([upload("river.jpg", photo_bytes())], EvidenceKind.BEFORE)
    assert not errors
    attached(web, kept[0])
    return kept[0]


@pytest.mark.usefixtures("request_context")
def test_photos_and_a_pdf_become_evidence(store: EvidenceStore) -> None:
    files = [
        upload("river.jpg", photo_bytes()),
        upload("outfall.png", photo_bytes("PNG", color=(10, 200, 30))),
        upload("report.pdf", PDF, "application/pdf"),
    ]
    kept, errors = store_uploads(files, EvidenceKind.AFTER, " after dredging ")
    assert errors == []
    assert [e.media_type for e in kept] == ["image/jpeg", "image/png", "application/pdf"]
    assert {e.kind for e in kept} == {EvidenceKind.AFTER}
    assert {e.caption for e in kept} == {"after dredging"}
    jpeg, _png, pdf = kept
    assert jpeg.metadata["software"] == "PhotoEditor 9.1"
    assert store.public_file(jpeg.metadata["public_sha256"]) is not None
    assert pdf.metadata == {"pages": 2, "public_sha256": None}
    assert pdf.size_bytes == len(PDF)
    path = store.document_file(pdf.sha256)
    assert path is not None and path.read_bytes() == PDF
    assert pdf.sha256 in str(path)


@pytest.mark.usefixtures("request_context")
def test_empty_file_inputs_are_ignored() -> None:
    blank = FileStorage(stream=io.BytesIO(b""), filename="")
    assert store_uploads([blank, blank], EvidenceKind.OTHER) == ([], [])


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize(
    ("name", "data", "mimetype", "reason"),
    [
        ("notes.jpg", b"just some text, no picture at all", "image/jpeg", "neither a photo"),
        ("scan.pdf", b"this is not a PDF document", "application/pdf", "not a PDF document"),
        ("scan2.pdf", photo_bytes(), "application/pdf", "not a PDF document"),
        ("huge.jpg", b"\xff\xd8\xff" + b"\0" * (10 * MB), "image/jpeg", "at most 10 MB"),
        ("huge.pdf", b"%PDF-1.7\n" + b"\0" * (20 * MB), "application/pdf", "at most 20 MB"),
        ("empty.jpg", b"", "image/jpeg", "the file is empty"),
        ("drawing.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif", ""),
    ],
)
def test_refusals_name_the_file(name: str, data: bytes, mimetype: str, reason: str) -> None:
    kept, errors = store_uploads([upload(name, data, mimetype)], EvidenceKind.DOCUMENT)
    assert kept == []
    assert len(errors) == 1
    assert errors[0].startswith(f"{name}: ")
    assert reason in errors[0]


@pytest.mark.usefixtures("request_context")
def test_a_refused_file_does_not_stop_the_others() -> None:
    files = [upload("notes.jpg", b"text"), upload("report.pdf", PDF)]
    kept, errors = store_uploads(files, EvidenceKind.DOCUMENT)
    assert [e.media_type for e in kept] == ["application/pdf"]
    assert len(errors) == 1 and errors[0].startswith("notes.jpg: ")


@pytest.mark.usefixtures("request_context")
def test_at_most_ten_files_are_kept_and_the_rest_are_named() -> None:
    files = [
        upload(f"photo-{i:02d}.jpg", photo_bytes(color=(i * 10, 100, 100)))
        for i in range(MAX_FILES + 2)
    ]
    kept, errors = store_uploads(files, EvidenceKind.BEFORE)
    assert len(kept) == MAX_FILES
    assert len(errors) == 2
    assert errors[0].startswith("photo-10.jpg: ") and errors[1].startswith("photo-11.jpg: ")
    assert "at most 10 files" in errors[0]


def test_a_thumbnail_is_made_once(web: Flask, store: EvidenceStore) -> None:
    big = photo_bytes(size=(1200, 800))
    public_sha = store.store_photo(big).public_sha256
    first = store.thumbnail(public_sha)
    assert first is not None and "thumb" in first.parts
    made = first.stat().st_mtime_ns
    with Image.open(first) as image:
        assert image.format == "JPEG"
        assert max(image.size) == THUMB_EDGE
        assert not image.getexif()
    again = store.thumbnail(public_sha)
    assert again == first and again.stat().st_mtime_ns == made
    assert store.thumbnail("0" * 64) is None
    assert store.thumbnail("../" + public_sha) is None


def test_the_thumbnail_is_served_to_staff(web: Flask, staff: Browser) -> None:
    public_sha = stored_photo(web).metadata["public_sha256"]
    response = staff.get(f"/admin/evidence/{public_sha}/thumb.jpg")
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert "private" in response.headers["Cache-Control"]
    with Image.open(io.BytesIO(response.data)) as image:
        assert max(image.size) <= THUMB_EDGE


def test_the_served_photo_has_no_exif(web: Flask, staff: Browser) -> None:
    evidence = stored_photo(web)
    response = staff.get(f"/admin/evidence/{evidence.metadata['public_sha256']}.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert b"PhotoEditor" not in response.data
    with Image.open(io.BytesIO(response.data)) as image:
        assert not image.getexif()
    # The original (with EXIF) is never served, whatever its name.
    assert staff.get(f"/admin/evidence/{evidence.sha256}.jpg").status_code == 404


def test_a_document_is_served_to_staff(web: Flask, staff: Browser) -> None:
    with web.test_request_context("/admin/?lang=en"):
        kept, _errors = store_uploads([upload("report.pdf", PDF)], EvidenceKind.DOCUMENT)
    attached(web, kept[0])
    response = staff.get(f"/admin/evidence/{kept[0].sha256}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data == PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_is_served_only_to_those_who_may_read_its_case(
    web: Flask, engine: Engine, tree: OrgTree, office_account: str
) -> None:
    with web.test_request_context("/admin/?lang=en"):
        photos, _e1 = store_uploads([upload("river.jpg", photo_bytes())], EvidenceKind.BEFORE)
        docs, _e2 = store_uploads([upload("report.pdf", PDF)], EvidenceKind.DOCUMENT)
        loose, _e3 = store_uploads([upload("other.png", photo_bytes("PNG"))], EvidenceKind.OTHER)
    attached(web, photos[0], docs[0])  # a Donghu case
    public_sha = photos[0].metadata["public_sha256"]
    urls = [
        f"/admin/evidence/{public_sha}.jpg",
        f"/admin/evidence/{public_sha}/thumb.jpg",
        f"/admin/evidence/{docs[0].sha256}.pdf",
    ]
    for username, role, unit in (("xu", "intake", "jc.xishan"), ("sun", "auditor", "jc")):
        create_account(engine, username, username, PASSWORD, NOW)
        grant(engine, tree, username, role, unit, "root", NOW)
    outsider, auditor = Browser(web.test_client()), Browser(web.test_client())
    outsider.log_in("xu")
    auditor.log_in("sun")
    for url in urls:
        assert outsider.get(url).status_code == 404, url  # Xishan's intake: not its case
        assert auditor.get(url).status_code == 200, url  # auditors read every case
    office = Browser(web.test_client())
    office.log_in(office_account)
    assert (
        office.get(f"/admin/evidence/{loose[0].metadata['public_sha256']}.jpg").status_code == 404
    )


def test_the_evidence_routes_need_a_login(web: Flask, browser: Browser) -> None:
    evidence = stored_photo(web)
    public_sha = evidence.metadata["public_sha256"]
    for url in (
        f"/admin/evidence/{public_sha}.jpg",
        f"/admin/evidence/{public_sha}/thumb.jpg",
        f"/admin/evidence/{evidence.sha256}.pdf",
    ):
        response = browser.get(url)
        assert response.status_code == 302, url
        assert "/admin/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/evidence/not-a-hash.jpg",
        "/admin/evidence/{upper}.jpg",
        "/admin/evidence/{short}.jpg",
        "/admin/evidence/not-a-hash/thumb.jpg",
        "/admin/evidence/{upper}/thumb.jpg",
        "/admin/evidence/..%2F..%2Fsecret.pdf",
        "/admin/evidence/{unknown}.jpg",
        "/admin/evidence/{unknown}/thumb.jpg",
        "/admin/evidence/{unknown}.pdf",
    ],
)
def test_unknown_and_non_hex_names_are_not_found(web: Flask, staff: Browser, url: str) -> None:
    public_sha = stored_photo(web).metadata["public_sha256"]
    names = {"upper": public_sha.upper(), "short": public_sha[:40], "unknown": "0" * 64}
    assert staff.get(url.format(**names)).status_code == 404


def test_the_gallery_lists_items_with_exif_for_officials(web: Flask) -> None:
    services = web.extensions["ducha"]
    with web.test_request_context("/admin/?lang=en"):
        photos, _e1 = store_uploads([upload("river.jpg", photo_bytes())], EvidenceKind.BEFORE)
        plain, _e2 = store_uploads([upload("plain.png", photo_bytes("PNG"))], EvidenceKind.OTHER)
        docs, _e3 = store_uploads([upload("report.pdf", PDF)], EvidenceKind.DOCUMENT, "监测报告")
    receipt = services.app.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title="河道黑臭水体",
        description="河道黑臭，夏季异味明显。",
        categories=[Category.WATER],
        place=PLACE,
        evidence=[*photos, *plain, *docs],
    )
    items = case_evidence(services.app, receipt.case_id)
    assert [i.kind for i in items] == [
        EvidenceKind.BEFORE,
        EvidenceKind.OTHER,
        EvidenceKind.DOCUMENT,
    ]
    photo, png, doc = items
    assert photo.exif_time == "2026-10-30T14:05:09" and photo.software == "PhotoEditor 9.1"
    assert photo.gps_lat == pytest.approx(30.59, abs=0.01)
    assert photo.gps_lon == pytest.approx(114.3, abs=0.01)
    assert photo.perceptual_hash and photo.public_sha256 and photo.is_photo
    assert (photo.user_id, photo.unit_id, photo.role) == (RESIDENT.user_id, "jc", RESIDENT.role)
    assert photo.recorded_at.tzinfo is not None
    assert png.exif_time is None and png.software is None
    assert doc.public_sha256 is None and doc.pages == 2 and doc.caption == "监测报告"
    with web.test_request_context("/admin/?lang=en"):
        page = render_template_string('{% include "admin/_gallery.html" %}', evidence_items=items)
    assert f"/admin/evidence/{photo.public_sha256}/thumb.jpg" in page
    assert f'href="/admin/evidence/{photo.public_sha256}.jpg"' in page
    assert f"/admin/evidence/{doc.sha256}.pdf" in page
    assert "2026-10-30 14:05:09" in page
    assert "PhotoEditor 9.1" in page
    assert "30.59" in page and "114.30" in page
    assert "监测报告" in page and "Resident" in page
    assert page.count('class="evidence"') == 3
    assert "not recorded" in page


def test_the_gallery_says_when_there_is_nothing(web: Flask) -> None:
    with web.test_request_context("/admin/?lang=en"):
        page = render_template_string('{% include "admin/_gallery.html" %}', evidence_items=[])
    assert 'class="evidence"' not in page and 'class="empty"' in page


def test_files_are_content_addressed(web: Flask, store: EvidenceStore, tmp_path: Path) -> None:
    first, second = stored_photo(web), stored_photo(web)
    assert first.sha256 == second.sha256
    originals = list((store.root / "original").rglob("*"))
    assert len([p for p in originals if p.is_file()]) == 1
