"""Evidence for officials: the files behind a case (photos, thumbnails, PDFs) and its gallery.

A file is served to an official only when it is attached to a case they may read (in their
jurisdiction; auditors read every case), and the photo served is always the re-encoded copy
without metadata. The EXIF time, GPS point and software tag recorded at upload are shown to
officials in the gallery (never on public pages), next to who attached the file and when.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from flask import abort, send_file
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from admin.auth import current_actor, login_required
from admin.blueprint import bp
from admin.cases.evidence_upload import evidence_store
from admin.home import ROLE_LABELS
from core.case.aggregate import Case
from core.domain.errors import DomainError, PermissionDenied
from core.domain.roles import Role, check_jurisdiction
from core.domain.values import EvidenceKind
from core.service.application import Ducha
from projections.cases.queries import get_case_row
from projections.evidence.queries import cases_holding
from stores.services import current_services

#: Staff pages are private, but a file's bytes never change for its hash.
FILE_MAX_AGE = 7 * 24 * 3600
KIND_LABELS = {
    EvidenceKind.BEFORE: _l("Before"),
    EvidenceKind.AFTER: _l("After"),
    EvidenceKind.DOCUMENT: _l("Document"),
    EvidenceKind.MONITORING: _l("Monitoring"),
    EvidenceKind.OTHER: _l("Other"),
}
RESIDENT_LABEL = _l("Resident")


@dataclass(frozen=True)
class EvidenceItem:
    """One attached file as officials see it; the EXIF fields are None when the file had none."""

    sha256: str
    public_sha256: str | None
    media_type: str
    kind: EvidenceKind
    caption: str
    recorded_at: datetime
    user_id: str
    unit_id: str
    role: Role
    exif_time: str | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    software: str | None = None
    perceptual_hash: str | None = None
    size_bytes: int = 0
    pages: int | None = None

    @property
    def is_photo(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def kind_label(self) -> str | LazyString:
        return KIND_LABELS.get(self.kind, str(self.kind))

    @property
    def role_label(self) -> str | LazyString:
        return ROLE_LABELS.get(self.role, RESIDENT_LABEL if self.role is Role.RESIDENT else "")


def _item(event: Any) -> EvidenceItem:
    meta: dict[str, Any] = dict(event.metadata or {})
    return EvidenceItem(
        sha256=event.sha256,
        public_sha256=meta.get("public_sha256"),
        media_type=event.media_type,
        kind=EvidenceKind(event.kind),
        caption=event.caption,
        recorded_at=event.timestamp,
        user_id=event.actor.user_id,
        unit_id=event.actor.unit_id,
        role=event.actor.role,
        exif_time=meta.get("exif_time"),
        gps_lat=meta.get("gps_lat"),
        gps_lon=meta.get("gps_lon"),
        software=meta.get("software"),
        perceptual_hash=meta.get("perceptual_hash"),
        size_bytes=event.size_bytes,
        pages=meta.get("pages"),
    )


def case_evidence(
    app: Ducha, case_id: UUID, withhold_resident_exif: bool = False
) -> list[EvidenceItem]:
    """Every file attached to the case, oldest first (CaseNotFound for an unknown case).

    With `withhold_resident_exif` (for auditors), a resident's photo shows no EXIF time, GPS
    point or software: where a resident stood can point to who they are.
    """
    items = [_item(e) for e in app.history(case_id) if isinstance(e, Case.EvidenceAttached)]
    if withhold_resident_exif:
        items = [
            replace(i, exif_time=None, gps_lat=None, gps_lon=None, software=None)
            if i.role is Role.RESIDENT
            else i
            for i in items
        ]
    return items


def _private(path: Any, mimetype: str) -> Any:
    response = send_file(path, mimetype=mimetype, max_age=FILE_MAX_AGE, conditional=True)
    response.headers["Cache-Control"] = f"private, max-age={FILE_MAX_AGE}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _where(case_id: UUID) -> tuple[str, str | None]:
    """A case's place and responsible unit: from the case list, or the case itself while the
    list has not caught up."""
    svc = current_services()
    row = get_case_row(svc.engine, case_id)
    if row is not None:
        return row.township_id or row.district_id, row.responsible_unit
    case = svc.app.get(case_id)
    return case.place.unit_id, case.responsible_unit


def _may_read(sha: str) -> bool:
    """Whether the official may read a case that holds the file (the evidence index says which
    cases do): auditors every case, other officials those in their jurisdiction."""
    try:
        actor = current_actor()
    except PermissionDenied:
        return False
    svc = current_services()
    for case_id in cases_holding(svc.engine, sha):
        if actor.role is Role.AUDITOR:
            return True
        try:
            check_jurisdiction(svc.tree, actor, *_where(case_id))
        except DomainError:
            continue
        return True
    return False


@bp.get("/evidence/<name>.jpg", endpoint="evidence_photo")
@login_required
def evidence_photo(name: str) -> Any:
    path = evidence_store().public_file(name)
    if path is None or not _may_read(name):
        abort(404)
    return _private(path, "image/jpeg")


@bp.get("/evidence/<name>/thumb.jpg", endpoint="evidence_thumb")
@login_required
def evidence_thumb(name: str) -> Any:
    if not _may_read(name):
        abort(404)
    path = evidence_store().thumbnail(name)
    if path is None:
        abort(404)
    return _private(path, "image/jpeg")


@bp.get("/evidence/<name>.pdf", endpoint="evidence_document")
@login_required
def evidence_document(name: str) -> Any:
    path = evidence_store().document_file(name)
    if path is None or not _may_read(name):
        abort(404)
    return _private(path, "application/pdf")
