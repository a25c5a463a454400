"""The evidence store: photos checked by content, kept privately, served re-encoded without EXIF."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PIL import Image

from stores.evidence import EvidenceStore, EvidenceUnavailable, PhotoRejected
from tests.photos import bomb_png, photo_bytes


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence")


def test_a_jpeg_keeps_its_exif_privately(store: EvidenceStore) -> None:
    stored = store.store_photo(photo_bytes())
    meta = stored.metadata
    assert stored.media_type == "image/jpeg"
    assert meta["exif_time"] == "2026-10-30T14:05:09"
    assert meta["software"] == "PhotoEditor 9.1"
    assert meta["gps_lat"] == pytest.approx(30.59, abs=0.01)
    assert meta["gps_lon"] == pytest.approx(114.3, abs=0.01)
    assert len(meta["perceptual_hash"]) == 16
    original = store.root / "original" / stored.sha256[:2] / stored.sha256
    assert original.read_bytes() == photo_bytes()


def test_the_public_copy_has_no_metadata(store: EvidenceStore) -> None:
    stored = store.store_photo(photo_bytes())
    path = store.public_file(stored.public_sha256)
    assert path is not None
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    assert b"PhotoEditor" not in path.read_bytes()


@pytest.mark.parametrize(("fmt", "media_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_are_accepted(store: EvidenceStore, fmt: str, media_type: str) -> None:
    stored = store.store_photo(photo_bytes(fmt))
    assert stored.media_type == media_type and stored.metadata["exif_time"] is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<script>alert(1)</script> pretending to be a jpeg", "not a readable image"),
        (photo_bytes("GIF"), "only JPEG, PNG and WebP"),
        (photo_bytes()[:200], "not a readable image"),
    ],
)
def test_what_is_not_an_accepted_photo_is_refused_with_a_reason(
    store: EvidenceStore, data: bytes, reason: str
) -> None:
    with pytest.raises(PhotoRejected, match=reason):
        store.store_photo(data)
    assert not (store.root / "original").exists()


def test_a_photo_over_the_size_limit_is_refused(store: EvidenceStore) -> None:
    with pytest.raises(PhotoRejected, match="at most 1 MB"):
        store.store_photo(photo_bytes(size=(1600, 1200)) * 3, max_bytes=1024 * 1024)


def test_a_decompression_bomb_is_refused_as_too_large(store: EvidenceStore) -> None:
    with pytest.raises(PhotoRejected, match="too many pixels") as refused:
        store.store_photo(bomb_png())
    assert refused.value.code == "pixels"
    assert not (store.root / "original").exists()


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up after the temporary file is written, as the file is put in place."""

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)


def test_a_full_disk_keeps_nothing_and_leaves_no_temporary_file(
    store: EvidenceStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_disk(monkeypatch)
    with pytest.raises(EvidenceUnavailable, match="cannot keep files now"):
        store.store_photo(photo_bytes())
    assert [p for p in store.root.rglob("*") if p.is_file()] == []


def test_a_folder_that_is_not_a_folder_is_unavailable_storage(store: EvidenceStore) -> None:
    store.root.mkdir(parents=True)
    (store.root / "document").write_text("not a folder")
    with pytest.raises(EvidenceUnavailable):
        store.store_document(b"%PDF-1.4 a document")


def test_the_same_photo_twice_is_one_file(store: EvidenceStore) -> None:
    first, second = store.store_photo(photo_bytes()), store.store_photo(photo_bytes())
    assert first == second
    assert len(list((store.root / "original").rglob("*"))) == 2  # one folder, one file


def test_only_hex_hashes_name_public_files(store: EvidenceStore) -> None:
    assert store.public_file("../../etc/passwd") is None
    assert store.public_file("0" * 64) is None
