"""Officials' uploads: photos and PDF documents turned into evidence, with plain-language refusals.

What a file is gets decided by its content, never by its name: bytes starting with `%PDF-` are a
document, anything else must be a photo we can read. A name or type that claims PDF for bytes that
are not one is refused as "not a PDF".
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from core.domain.errors import InvalidInput
from core.domain.values import Evidence, EvidenceKind
from ops.metrics import count_refused_upload
from stores.evidence import (
    MAX_DOCUMENT_BYTES,
    PDF_MEDIA_TYPE,
    DocumentRejected,
    EvidenceStore,
    PhotoRejected,
    is_pdf,
)
from stores.services import current_services

MAX_FILES = 10

REASONS = {
    "empty": _l("the file is empty."),
    "too_large": _l("a photo may be at most 10 MB."),
    "doc_too_large": _l("a PDF document may be at most 20 MB."),
    "format": _l("only JPEG, PNG and WebP photos and PDF documents are accepted."),
    "pixels": _l("the photo is too large in pixels."),
    "unreadable": _l("this file is neither a photo we can read nor a PDF document."),
    "not_pdf": _l("this file is named or sent as a PDF, but it is not a PDF document."),
}


def evidence_store() -> EvidenceStore:
    return EvidenceStore(current_services().settings.data_dir / "evidence")


def _claims_pdf(upload: FileStorage) -> bool:
    name = (upload.filename or "").lower()
    return name.endswith(".pdf") or upload.mimetype == PDF_MEDIA_TYPE


def _refusal(name: str, code: str) -> str:
    reason = REASONS.get(code, REASONS["unreadable"])
    return str(_("%(name)s: %(reason)s", name=name, reason=reason))


def _store_one(
    store: EvidenceStore, upload: FileStorage, kind: EvidenceKind, caption: str
) -> Evidence:
    """One upload as evidence; PhotoRejected or DocumentRejected (code not_pdf) otherwise."""
    data = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    if is_pdf(data):
        try:
            return store.store_document(data).as_evidence(kind, caption)
        except DocumentRejected as exc:
            code = "doc_too_large" if exc.code == "too_large" else exc.code
            raise DocumentRejected(code, str(exc)) from exc
    if data and _claims_pdf(upload):
        raise DocumentRejected("not_pdf", "the file is not a PDF document")
    return store.store_photo(data).as_evidence(kind, caption)


def store_uploads(
    files: list[FileStorage], kind: EvidenceKind, caption: str = ""
) -> tuple[list[Evidence], list[str]]:
    """Keep each uploaded photo or PDF (at most ten at once; empty inputs ignored).

    Returns the evidence records of the files kept, and one plain-language reason, naming the
    file, for each file refused.
    """
    store = evidence_store()
    uploads = [f for f in files if f and f.filename]
    kept: list[Evidence] = []
    errors: list[str] = []
    for upload in uploads[:MAX_FILES]:
        name = upload.filename or ""
        try:
            kept.append(_store_one(store, upload, kind, caption.strip()))
        except (PhotoRejected, DocumentRejected) as exc:
            count_refused_upload(exc.code)
            errors.append(_refusal(name, exc.code))
    for upload in uploads[MAX_FILES:]:
        errors.append(
            _(
                "%(name)s: at most %(count)d files can be added at once; this one was not kept.",
                name=upload.filename,
                count=MAX_FILES,
            )
        )
    return kept, errors


class UploadsRefused(InvalidInput):
    """Uploaded files that were not kept, each with its reason in the reader's language."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("%(reasons)s", reasons="; ".join(reasons))
        self.reasons = reasons


def keep_uploads(files: list[FileStorage], kind: EvidenceKind, caption: str = "") -> list[Evidence]:
    """The evidence records of the uploaded files; UploadsRefused when any file is refused."""
    kept, refused = store_uploads(files, kind, caption)
    if refused:
        raise UploadsRefused(refused)
    return kept
