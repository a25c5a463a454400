"""Evidence files: content-addressed (SHA-256) under the data folder, checked by content.

A photo is kept twice: the original bytes, privately (its EXIF time, GPS and software tag feed the
anti-fake rules), and a re-encoded JPEG without any metadata, the only form ever served.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import imagehash
from PIL import Image, ImageOps, UnidentifiedImageError

from core.domain.values import Evidence, EvidenceKind

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
PUBLIC_EDGE = 2000
THUMB_EDGE = 320
PDF_MEDIA_TYPE = "application/pdf"
_PDF_MAGIC = b"%PDF-"
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_SHA = re.compile(r"^[0-9a-f]{64}$")
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATETIME_ORIGINAL, _DATETIME, _SOFTWARE = 0x9003, 0x0132, 0x0131


class PhotoRejected(ValueError):
    """The upload is not a photo we accept; `code` says why (empty, too_large, format,
    pixels, unreadable) and the message says it in words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    public_sha256: str
    media_type: str
    size_bytes: int
    metadata: dict[str, Any]

    def as_evidence(self, kind: EvidenceKind, caption: str = "") -> Evidence:
        return Evidence(self.sha256, self.media_type, self.size_bytes, kind, caption, self.metadata)


def _rational(value: Any) -> float:
    return float(value[0]) / float(value[1]) if isinstance(value, tuple) else float(value)


def _gps(gps: dict[int, Any]) -> tuple[float, float] | None:
    try:
        lat = sum(_rational(v) / 60**i for i, v in enumerate(gps[2]))
        lon = sum(_rational(v) / 60**i for i, v in enumerate(gps[4]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    return (-lat if gps.get(1) == "S" else lat, -lon if gps.get(3) == "W" else lon)


def _exif_fields(image: Image.Image) -> dict[str, Any]:
    exif = image.getexif()
    taken = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    when = None
    if isinstance(taken, str):
        try:
            when = datetime.strptime(taken.strip(), "%Y:%m:%d %H:%M:%S").isoformat()
        except ValueError:
            when = None
    point = _gps(dict(exif.get_ifd(_GPS_IFD)))
    software = exif.get(_SOFTWARE)
    return {
        "exif_time": when,
        "gps_lat": point[0] if point else None,
        "gps_lon": point[1] if point else None,
        "software": str(software).strip() if software else None,
        "has_exif": bool(exif),
    }


#: What a client is told when the store cannot keep its file.
EVIDENCE_UNAVAILABLE = "files cannot be stored right now; nothing was recorded, try again later"


class EvidenceUnavailable(OSError):
    """The store cannot keep a file now (disk full, folder read-only or missing): nothing was
    kept, and the upload may be tried again later."""


class DocumentRejected(ValueError):
    """The upload is not a document we accept; `code` is empty, too_large or format."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def is_pdf(data: bytes) -> bool:
    return data.startswith(_PDF_MAGIC)


def _page_count(data: bytes) -> int | None:
    """Page objects counted in the raw bytes: cheap, and None when pages hide in object streams."""
    found = len(_PDF_PAGE.findall(data))
    return found or None


@dataclass(frozen=True)
class StoredDocument:
    sha256: str
    media_type: str
    size_bytes: int
    metadata: dict[str, Any]

    def as_evidence(self, kind: EvidenceKind, caption: str = "") -> Evidence:
        return Evidence(self.sha256, self.media_type, self.size_bytes, kind, caption, self.metadata)


class EvidenceStore:
    """Files under `root`: original/ab/<sha256>, public/ab/<sha256>.jpg, thumb/ab/<sha256>.jpg
    (keyed by the public copy's hash) and document/ab/<sha256>.pdf."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, area: str, sha: str, suffix: str = "") -> Path:
        return self.root / area / sha[:2] / f"{sha}{suffix}"

    def _write(self, path: Path, data: bytes) -> None:
        """Write through a temporary file, so a file under its hash is always whole; on any
        failure the temporary file goes too, and EvidenceUnavailable says why."""
        if path.exists():
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            temporary.replace(path)
        except OSError as exc:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise EvidenceUnavailable(
                exc.errno, f"the evidence store cannot keep files now: {exc.strerror}"
            ) from exc

    def store_photo(self, data: bytes, max_bytes: int = MAX_PHOTO_BYTES) -> StoredPhoto:
        """Check, keep and re-encode one photo; PhotoRejected with a reason otherwise."""
        if not data:
            raise PhotoRejected("empty", "the file is empty")
        if len(data) > max_bytes:
            raise PhotoRejected(
                "too_large", f"a photo may be at most {max_bytes // (1024 * 1024)} MB"
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                probe = Image.open(io.BytesIO(data))
                media_type = _FORMATS.get(probe.format or "")
                if media_type is None:
                    raise PhotoRejected("format", "only JPEG, PNG and WebP photos are accepted")
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoRejected("pixels", "the photo has too many pixels")
                probe.verify()
                image = Image.open(io.BytesIO(data))
                image.load()
        except PhotoRejected:
            raise
        except Image.DecompressionBombError as exc:  # far too many pixels even to be opened
            raise PhotoRejected("pixels", "the photo has too many pixels") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as exc:
            raise PhotoRejected("unreadable", "the file is not a readable image") from exc
        metadata = _exif_fields(image)
        public = ImageOps.exif_transpose(image).convert("RGB")
        public.thumbnail((PUBLIC_EDGE, PUBLIC_EDGE))
        buffer = io.BytesIO()
        public.save(buffer, format="JPEG", quality=85, optimize=True)
        public_bytes = buffer.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        public_sha = hashlib.sha256(public_bytes).hexdigest()
        metadata.update(
            public_sha256=public_sha,
            perceptual_hash=str(imagehash.phash(public)),
            width=image.width,
            height=image.height,
        )
        self._write(self._path("original", sha), data)
        self._write(self._path("public", public_sha, ".jpg"), public_bytes)
        return StoredPhoto(sha, public_sha, media_type, len(data), metadata)

    def public_file(self, public_sha: str) -> Path | None:
        """The metadata-free JPEG for a public hash, if there is one."""
        if not _SHA.match(public_sha):
            return None
        path = self._path("public", public_sha, ".jpg")
        return path if path.exists() else None

    def store_document(self, data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> StoredDocument:
        """Check and keep one PDF, privately; DocumentRejected with a reason otherwise."""
        if not data:
            raise DocumentRejected("empty", "the file is empty")
        if len(data) > max_bytes:
            raise DocumentRejected(
                "too_large", f"a document may be at most {max_bytes // (1024 * 1024)} MB"
            )
        if not is_pdf(data):
            raise DocumentRejected("format", "only PDF documents are accepted")
        sha = hashlib.sha256(data).hexdigest()
        self._write(self._path("document", sha, ".pdf"), data)
        metadata: dict[str, Any] = {"pages": _page_count(data), "public_sha256": None}
        return StoredDocument(sha, PDF_MEDIA_TYPE, len(data), metadata)

    def document_file(self, sha: str) -> Path | None:
        """The stored PDF for a hash, if there is one."""
        if not _SHA.match(sha):
            return None
        path = self._path("document", sha, ".pdf")
        return path if path.exists() else None

    def thumbnail(self, public_sha: str) -> Path | None:
        """A small JPEG of the public copy, made the first time it is asked for."""
        source = self.public_file(public_sha)
        if source is None:
            return None
        path = self._path("thumb", public_sha, ".jpg")
        if path.exists():
            return path
        with Image.open(source) as image:
            small = image.convert("RGB")
        small.thumbnail((THUMB_EDGE, THUMB_EDGE))
        buffer = io.BytesIO()
        small.save(buffer, format="JPEG", quality=80, optimize=True)
        self._write(path, buffer.getvalue())
        return path
