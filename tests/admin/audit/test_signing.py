"""Ed25519 signed notes for checkpoints: the RFC 8032 vector, key texts, forged and unknown keys."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from core.domain.errors import InvalidInput
from core.ledger.tree import format_checkpoint, parse_checkpoint
from core.settings import load_settings
from stores.signing import (
    KeyExists,
    SignatureInvalid,
    Signer,
    Verifier,
    ensure_own_signing_key,
    key_id,
    open_note,
    read_signer,
    read_verifier,
    write_signer,
)

# RFC 8032 §7.1, TEST 1 (the empty message).
SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)
NAME = "ducha.example/ledger"
BODY = format_checkpoint(NAME, 8, b"\x01" * 32, ["time 2026-11-26T10:00:00Z"])


def test_rfc8032_test_1_through_the_signer() -> None:
    signer = Signer(NAME, SEED)
    assert signer.verifier.public_key == PUBLIC
    assert signer.sign_bytes(b"") == SIGNATURE
    assert signer.verifier.verifies(b"", SIGNATURE)
    assert not signer.verifier.verifies(b"\x00", SIGNATURE)


def test_a_signed_checkpoint_is_a_c2sp_signed_note() -> None:
    signer = Signer(NAME, SEED)
    note = signer.sign(BODY)
    text, blank, line = note.partition("\n\n")
    assert text + "\n" == BODY and blank
    name, encoded = line.removeprefix("\u2014 ").rstrip("\n").split(" ")
    raw = base64.b64decode(encoded)
    assert name == NAME and raw[:4] == key_id(NAME, PUBLIC) and len(raw) == 68
    assert raw[4:] == signer.sign_bytes(BODY.encode())
    assert parse_checkpoint(open_note(note, [signer.verifier])).size == 8


def test_key_texts_round_trip_and_refuse_a_wrong_id(tmp_path: Path) -> None:
    signer = Signer.generate(NAME)
    assert Signer.from_text(signer.text()) == signer
    assert Verifier.from_text(signer.verifier.text()) == signer.verifier
    name, _, key = signer.verifier.text().split("+", 2)
    with pytest.raises(InvalidInput, match="ID does not match"):
        Verifier.from_text(f"{name}+00000000+{key}")
    with pytest.raises(InvalidInput, match="without spaces"):
        Signer.generate("my log")
    path = tmp_path / "keys" / "ledger.key"
    write_signer(path, signer)
    assert read_signer(path) == signer and path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(InvalidInput, match="never overwritten"):
        write_signer(path, Signer.generate(NAME))
    assert read_signer(path) == signer
    (tmp_path / "v.pub").write_text(signer.verifier.text() + "\n")
    assert read_verifier(str(tmp_path / "v.pub")) == signer.verifier


def test_a_refused_key_file_leaves_nothing_behind(tmp_path: Path) -> None:
    write_signer(tmp_path / "ledger.key", Signer.generate(NAME))
    with pytest.raises(KeyExists):
        write_signer(tmp_path / "ledger.key", Signer.generate(NAME))
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.key"]


def test_processes_starting_at_once_make_one_embedded_key(tmp_path: Path) -> None:
    settings = load_settings({"DUCHA_DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 32})
    with ThreadPoolExecutor(max_workers=8) as pool:
        made = list(pool.map(lambda _: ensure_own_signing_key(settings), range(16)))
    assert made.count(True) == 1
    signer = read_signer(tmp_path / "ledger.key")
    assert signer.name == "127.0.0.1:8000/ledger"
    assert (tmp_path / "ledger.key.pub").read_text().strip() == signer.verifier.text()


def test_a_named_key_is_never_made_for_the_store(tmp_path: Path) -> None:
    named = {"DUCHA_DATA_DIR": str(tmp_path), "DUCHA_SIGNING_KEY": str(tmp_path / "k.key")}
    assert not ensure_own_signing_key(load_settings(named))
    assert not (tmp_path / "k.key").exists() and not (tmp_path / "ledger.key").exists()


def test_forged_altered_and_unknown_key_notes_are_rejected() -> None:
    signer, other = Signer(NAME, SEED), Signer.generate(NAME)
    note = signer.sign(BODY)
    with pytest.raises(SignatureInvalid, match="unknown key"):
        open_note(note, [other.verifier])  # same name, another key: its ID differs
    with pytest.raises(SignatureInvalid, match="does not verify"):
        open_note(note.replace("\n8\n", "\n9\n"), [signer.verifier])  # altered text
    name_line = note.rsplit("\n\n", 1)[1]
    raw = bytearray(base64.b64decode(name_line.split(" ")[2]))
    raw[10] ^= 1
    forged = note.replace(name_line.split(" ")[2].strip(), base64.b64encode(raw).decode())
    with pytest.raises(SignatureInvalid, match="does not verify"):
        open_note(forged, [signer.verifier])
    impostor = Signer.generate(NAME).sign(BODY)
    with pytest.raises(SignatureInvalid, match="unknown key"):
        open_note(impostor, [signer.verifier])
    with pytest.raises(SignatureInvalid, match="no signature lines"):
        open_note(BODY, [signer.verifier])
    # A second signature by an unknown key (a witness, say) is ignored.
    cosigned = note + impostor.rsplit("\n\n", 1)[1]
    assert open_note(cosigned, [signer.verifier]) == BODY
