"""Ed25519 signed notes (C2SP signed-note) for ledger checkpoints, with `cryptography`.

A signed note is the text (ending in a newline), a blank line, then signature lines
``— <key name> base64(key ID ‖ signature)``; the key ID is the first four bytes of
``SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key)``. Keys are written in the text forms of Go's
``golang.org/x/mod/sumdb/note`` package, so other tools can read them: the signer key
``PRIVATE+KEY+<name>+<key ID hex>+base64(0x01 ‖ 32-byte seed)`` (kept in the file named by
``DUCHA_SIGNING_KEY``, outside the database) and the verifier key
``<name>+<key ID hex>+base64(0x01 ‖ public key)`` that auditors pin.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from core.domain.errors import InvalidInput
from core.settings import Settings

ED25519 = b"\x01"
_DASH = "\u2014 "
_SIGNER_PREFIX = "PRIVATE+KEY+"


class SignatureInvalid(InvalidInput):
    """A note is unsigned, forged, or signed by no key the verifier knows."""

    code = "invalid_signature"


def key_id(name: str, public_key: bytes) -> bytes:
    """``SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]``, the C2SP signed-note key ID."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def _check_name(name: str) -> str:
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise InvalidInput(f"a key name must be non-empty, without spaces or '+': {name!r}")
    return name


def _key_bytes(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise InvalidInput(f"the {what} is not base64") from None
    if len(raw) != 33 or raw[:1] != ED25519:
        raise InvalidInput(f"the {what} is not an Ed25519 key (type 0x01, 32 bytes)")
    return raw[1:]


@dataclass(frozen=True)
class Verifier:
    """A public key and its name: what an auditor pins."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public_key)

    def text(self) -> str:
        encoded = base64.b64encode(ED25519 + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{encoded}"

    @classmethod
    def from_text(cls, text: str) -> Verifier:
        parts = text.strip().split("+", 2)
        if len(parts) != 3:
            raise InvalidInput("a verifier key reads <name>+<key id hex>+<base64 key>")
        name, hex_id, encoded = parts
        verifier = cls(_check_name(name), _key_bytes(encoded, "verifier key"))
        if hex_id != verifier.key_id.hex():
            raise InvalidInput("the verifier key's ID does not match its name and key")
        return verifier

    def verifies(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class Signer:
    """A private key and its name (the log's origin)."""

    name: str
    seed: bytes

    @classmethod
    def generate(cls, name: str) -> Signer:
        key = Ed25519PrivateKey.generate()
        return cls(_check_name(name), key.private_bytes_raw())

    @property
    def _key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def verifier(self) -> Verifier:
        public = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return Verifier(self.name, public)

    def sign_bytes(self, message: bytes) -> bytes:
        """The raw 64-byte Ed25519 signature (RFC 8032)."""
        return self._key.sign(message)

    def sign(self, text: str) -> str:
        """The signed note: ``text``, a blank line, and this key's signature line."""
        if not text.endswith("\n"):
            raise InvalidInput("a note's text must end with a newline")
        signature = self.verifier.key_id + self.sign_bytes(text.encode())
        return f"{text}\n{_DASH}{self.name} {base64.b64encode(signature).decode()}\n"

    def text(self) -> str:
        encoded = base64.b64encode(ED25519 + self.seed).decode()
        return f"{_SIGNER_PREFIX}{self.name}+{self.verifier.key_id.hex()}+{encoded}"

    @classmethod
    def from_text(cls, text: str) -> Signer:
        text = text.strip()
        if not text.startswith(_SIGNER_PREFIX):
            raise InvalidInput("a signing key reads PRIVATE+KEY+<name>+<key id hex>+<base64 key>")
        parts = text[len(_SIGNER_PREFIX) :].split("+", 2)
        if len(parts) != 3:
            raise InvalidInput("a signing key reads PRIVATE+KEY+<name>+<key id hex>+<base64 key>")
        name, hex_id, encoded = parts
        signer = cls(_check_name(name), _key_bytes(encoded, "signing key"))
        if hex_id != signer.verifier.key_id.hex():
            raise InvalidInput("the signing key's ID does not match its name and key")
        return signer


def open_note(note: str | bytes, verifiers: list[Verifier]) -> str:
    """The text of a signed note, once a signature by one of ``verifiers`` checked out.

    As C2SP signed-note says: signatures by unknown keys are ignored; a known key's signature
    that fails rejects the note; a note with no verified signature by a known key is rejected.
    """
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise SignatureInvalid("the note is not UTF-8") from None
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise SignatureInvalid("the note has no signature lines after a blank line")
    text, lines = note[: split + 1], note[split + 2 : -1].split("\n")
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise SignatureInvalid("the note holds control characters")
    known = {(v.name, v.key_id): v for v in verifiers}
    verified = False
    for line in lines:
        name, _, encoded = line.removeprefix(_DASH).partition(" ")
        if not line.startswith(_DASH) or not encoded:
            raise SignatureInvalid(f"malformed signature line: {line!r}")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise SignatureInvalid(f"the signature by {name} is not base64") from None
        verifier = known.get((name, raw[:4]))
        if verifier is None:
            continue
        if not verifier.verifies(text.encode(), raw[4:]):
            raise SignatureInvalid(f"the signature by {name} does not verify: forged or altered")
        verified = True
    if not verified:
        raise SignatureInvalid("no signature by a known key: signed by an unknown key")
    return text


class KeyExists(InvalidInput):
    """A key file is there already; keys are never overwritten."""

    code = "key_exists"


def write_signer(path: Path, signer: Signer) -> None:
    """Write a new key file readable by its owner only; never overwrite one. The file appears
    whole or not at all, so a process that finds it never reads half a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(signer.text() + "\n")
        os.link(partial, path)  # unlike a rename, fails when the key exists
    except FileExistsError:
        raise KeyExists(f"{path} exists already; a signing key is never overwritten") from None
    finally:
        os.unlink(partial)


def verifier_path(key: Path) -> Path:
    """Where the verifier key that auditors pin is written, beside the signing key."""
    return key.with_name(key.name + ".pub")


def make_signing_key(path: Path, name: str) -> Signer:
    """Generate a signing key named `name` at `path` (never overwriting one) and write its
    verifier key beside it."""
    signer = Signer.generate(name)
    write_signer(path, signer)
    public = verifier_path(path)
    if not public.exists():
        public.write_text(signer.verifier.text() + "\n", encoding="utf-8")
    return signer


def default_key_name(public_url: str) -> str:
    """`<public host[:port]>/ledger`: the key's name, which is also its checkpoints' origin."""
    return f"{urlsplit(public_url).netloc}/ledger"


def ensure_own_signing_key(settings: Settings) -> bool:
    """Make the embedded store's key in its data folder unless it is there; True when made now.
    A key named in DUCHA_SIGNING_KEY (required with PostgreSQL) is never made here."""
    if not settings.signing_key_in_data_dir or settings.signing_key is None:
        return False
    if settings.signing_key.exists():
        return False
    try:
        make_signing_key(settings.signing_key, default_key_name(settings.public_url))
    except KeyExists:
        return False  # another process made it a moment ago
    return True


def read_signer(path: Path) -> Signer:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read the signing key {path}: {exc.strerror}") from None
    return Signer.from_text(text)


def read_verifier(text_or_path: str) -> Verifier:
    """A verifier key given as its text or as the path of a file holding it."""
    path = Path(text_or_path)
    if "+" not in text_or_path or path.is_file():
        try:
            text_or_path = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"cannot read the verifier key {path}: {exc.strerror}") from None
    return Verifier.from_text(text_or_path)
