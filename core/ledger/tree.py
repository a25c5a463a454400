"""The pure core of the tamper-evident ledger (DESIGN.md §5; reference/audit_perf.md Part A).

An RFC 6962 (Certificate Transparency, restated in RFC 9162 §2.1) Merkle tree with SHA-256:

* a leaf's hash is ``SHA-256(0x00 ‖ data)`` and an inner node's is ``SHA-256(0x01 ‖ left ‖ right)``
  (the domain separation gives second-preimage resistance between leaves and nodes);
* the Merkle Tree Hash of n leaves is ``SHA-256()`` for n = 0, the leaf hash for n = 1, and
  otherwise the node hash of the first k leaves' and the remaining leaves' trees, where k is the
  largest power of two smaller than n. The tree's shape depends on n alone.

This module holds the hashes, the tree hash of a list, the incremental tree a sealer keeps while
it follows the event log, the leaf encoding of a stored event, and the body of a checkpoint.
Inclusion and consistency proofs are in :mod:`core.ledger.proofs`.

Signing checkpoints needs ``cryptography``, which the core does not import: only the note text is
defined here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from core.domain.errors import InvalidInput

HASH_SIZE = 32
#: The Merkle Tree Hash of the empty tree: SHA-256 of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
_U64 = 1 << 64


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 ‖ data)``: the hash of one leaf (RFC 6962 §2.1)."""
    return hashlib.sha256(LEAF_PREFIX + bytes(data)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 ‖ left ‖ right)``: the hash of an inner node (RFC 6962 §2.1)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two below ``n`` (n ≥ 2): the size of the left subtree."""
    if n < 2:
        raise InvalidInput(f"a tree of {n} leaves has no split point")
    return 1 << ((n - 1).bit_length() - 1)


def subtree_root(hashes: Sequence[bytes], start: int, end: int) -> bytes:
    """The Merkle Tree Hash of the leaves ``start:end`` given their leaf hashes.

    Follows the recursive definition; each inner node is hashed once, so the cost is O(end-start).
    """
    n = end - start
    if n < 0 or start < 0 or end > len(hashes):
        raise InvalidInput(f"no leaves {start}:{end} in a list of {len(hashes)}")
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return hashes[start]
    k = split_point(n)
    return node_hash(subtree_root(hashes, start, start + k), subtree_root(hashes, start + k, end))


def root_of_hashes(hashes: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of a list of leaf hashes (already ``SHA-256(0x00 ‖ data)``)."""
    return subtree_root(hashes, 0, len(hashes))


def tree_hash(leaves: Iterable[bytes]) -> bytes:
    """The Merkle Tree Hash ``MTH(D[n])`` of a list of leaf inputs, for any n (also 0)."""
    return root_of_hashes([leaf_hash(data) for data in leaves])


class IncrementalTree:
    """An append-only Merkle tree that keeps only O(log n) hashes: the roots of the perfect
    subtrees the current size decomposes into (one per set bit of the size, largest first).

    A sealer appends each stored event's leaf hash in notification order and reads ``root`` at
    any time; ``frontier`` and :meth:`from_state` let it persist and resume its state.
    """

    __slots__ = ("_frontier", "_size")

    def __init__(self) -> None:
        self._size = 0
        self._frontier: list[bytes] = []

    @classmethod
    def from_state(cls, size: int, frontier: Sequence[bytes]) -> IncrementalTree:
        """Resume from a stored ``(size, frontier)``; refuses a frontier that cannot belong to
        a tree of that size."""
        if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size < _U64:
            raise InvalidInput(f"tree size must be an integer in 0..2^64-1, not {size!r}")
        if len(frontier) != size.bit_count():
            raise InvalidInput(
                f"a tree of {size} leaves has {size.bit_count()} frontier hashes, "
                f"not {len(frontier)}"
            )
        for h in frontier:
            _check_hash(h, "frontier hash")
        tree = cls()
        tree._size = size
        tree._frontier = [bytes(h) for h in frontier]
        return tree

    @property
    def size(self) -> int:
        """The number of leaves appended so far."""
        return self._size

    @property
    def frontier(self) -> tuple[bytes, ...]:
        """The roots of the perfect subtrees covering the leaves, left to right."""
        return tuple(self._frontier)

    def append(self, data: bytes) -> bytes:
        """Append a leaf given its input; returns its leaf hash."""
        h = leaf_hash(data)
        self.append_hash(h)
        return h

    def append_hash(self, hash_: bytes) -> None:
        """Append a leaf given its leaf hash. O(log n) node hashes at worst, O(1) amortised."""
        _check_hash(hash_, "leaf hash")
        self._frontier.append(bytes(hash_))
        self._size += 1
        n = self._size
        while n & 1 == 0:  # each trailing zero bit of the new size completes a perfect subtree
            right = self._frontier.pop()
            left = self._frontier.pop()
            self._frontier.append(node_hash(left, right))
            n >>= 1

    @property
    def root(self) -> bytes:
        """The Merkle Tree Hash of all leaves appended so far."""
        if not self._frontier:
            return EMPTY_ROOT
        root = self._frontier[-1]
        for left in reversed(self._frontier[:-1]):
            root = node_hash(left, root)
        return root


def _check_hash(value: object, what: str) -> None:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        raise InvalidInput(f"{what} must be {HASH_SIZE} bytes, not {value!r}")


# --- Leaf encoding of a stored event (audit_perf.md §A3.2) ----------------------------------

#: The first field of every event leaf, so that the encoding can change without ambiguity.
EVENT_LEAF_TAG = b"ducha.ledger.event.v1"


def _field(value: bytes) -> bytes:
    return len(value).to_bytes(8, "big") + value


def _u64(value: object, what: str) -> bytes:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _U64:
        raise InvalidInput(f"{what} must be an integer in 0..2^64-1, not {value!r}")
    return value.to_bytes(8, "big")


def encode_event_leaf(
    notification_id: int,
    originator_id: UUID | str,
    originator_version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """The leaf input of one stored event, as audit_perf.md §A3.2 ("What is hashed") says: a
    length-prefixed concatenation of the notification id, originator id, originator version,
    topic and the stored state bytes exactly as recorded (no decoding, decryption or
    decompression, so the auditor needs no key and crypto-shredding stays possible).

    Layout: six fields, each ``length (8 bytes, big-endian) ‖ bytes``, in this order:
    ``EVENT_LEAF_TAG``; notification id and originator version as 8-byte big-endian unsigned
    integers; the originator id as its text (a UUID in canonical lowercase hyphenated form, so a
    ``UUID`` and its ``str`` encode alike) in UTF-8; the topic in UTF-8; the state bytes.
    Length prefixes make the encoding injective without canonical JSON.

    The state must be bytes: SQLite's ``replace()`` on a BLOB yields TEXT (§B4), and hashing a
    ``str`` would silently hash something else than what was stored.
    """
    if not isinstance(state, bytes | bytearray | memoryview):
        raise InvalidInput(f"the stored state must be bytes, not {type(state).__name__}")
    if isinstance(originator_id, UUID):
        originator = str(originator_id)
    elif isinstance(originator_id, str) and originator_id:
        originator = originator_id
    else:
        raise InvalidInput(f"originator id must be a UUID or a non-empty str: {originator_id!r}")
    if not isinstance(topic, str) or not topic:
        raise InvalidInput(f"topic must be a non-empty str, not {topic!r}")
    return b"".join(
        (
            _field(EVENT_LEAF_TAG),
            _field(_u64(notification_id, "notification id")),
            _field(originator.encode("utf-8")),
            _field(_u64(originator_version, "originator version")),
            _field(topic.encode("utf-8")),
            _field(bytes(state)),
        )
    )


class StoredNotification(Protocol):
    """What the leaf needs of an ``eventsourcing`` ``Notification`` (duck-typed)."""

    @property
    def id(self) -> int: ...
    @property
    def originator_id(self) -> UUID | str: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


def notification_leaf(notification: StoredNotification) -> bytes:
    """:func:`encode_event_leaf` of a notification read from the application recorder."""
    n = notification
    return encode_event_leaf(n.id, n.originator_id, n.originator_version, n.topic, n.state)


def event_leaf_hash(notification: StoredNotification) -> bytes:
    """The leaf hash of a stored event: ``SHA-256(0x00 ‖ encode_event_leaf(…))``."""
    return leaf_hash(notification_leaf(notification))


# --- Checkpoint body (C2SP tlog-checkpoint note text) ---------------------------------------

_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_MAX_SIZE_DIGITS = len(str(_U64 - 1))


def _check_line(line: str, what: str) -> None:
    if not line:
        raise InvalidInput(f"checkpoint {what} must not be empty")
    if "\n" in line:
        raise InvalidInput(f"checkpoint {what} must be a single line")
    bad = [c for c in line if unicodedata.category(c) == "Cc"]
    if bad:
        raise InvalidInput(f"checkpoint {what} must not contain control characters: {bad[0]!r}")


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: origin (the log's identity), tree size and root hash, plus optional opaque
    extension lines. Its text is the C2SP tlog-checkpoint note body; signatures come later."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.origin, str):
            raise InvalidInput(f"checkpoint origin must be text, not {self.origin!r}")
        _check_line(self.origin, "origin")
        if any(c.isspace() for c in self.origin) or "+" in self.origin:
            raise InvalidInput(
                f"checkpoint origin must contain no spaces and no '+': {self.origin!r}"
            )
        if isinstance(self.size, bool) or not isinstance(self.size, int):
            raise InvalidInput(f"checkpoint tree size must be an integer, not {self.size!r}")
        if not 0 <= self.size < _U64:
            raise InvalidInput(f"checkpoint tree size must be in 0..2^64-1, not {self.size}")
        if not isinstance(self.root, bytes) or len(self.root) != HASH_SIZE:
            raise InvalidInput(f"checkpoint root hash must be {HASH_SIZE} bytes")
        if self.size == 0 and self.root != EMPTY_ROOT:
            raise InvalidInput("an empty tree's root hash must be SHA-256 of the empty string")
        for number, line in enumerate(self.extensions, start=4):
            if not isinstance(line, str):
                raise InvalidInput(f"checkpoint line {number} must be text, not {line!r}")
            _check_line(line, f"line {number}")

    def text(self) -> str:
        """``<origin>\\n<tree size>\\n<base64 root hash>\\n`` then one line per extension."""
        root = base64.b64encode(self.root).decode("ascii")
        return "".join(
            f"{line}\n" for line in (self.origin, str(self.size), root, *self.extensions)
        )


def format_checkpoint(origin: str, size: int, root: bytes, extensions: Sequence[str] = ()) -> str:
    """The checkpoint note body for a tree head (validated, see :class:`Checkpoint`)."""
    return Checkpoint(origin, size, root, tuple(extensions)).text()


def parse_checkpoint(text: str | bytes) -> Checkpoint:
    """Parse a checkpoint note body, strictly: at least three non-empty lines, each ending in
    ``\\n``; a decimal size without sign or leading zeros; the root in canonical padded standard
    base64 of exactly 32 bytes. Refuses anything else with :class:`InvalidInput`."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"checkpoint is not valid UTF-8: {exc.reason}") from None
    if not isinstance(text, str):
        raise InvalidInput(f"checkpoint must be text, not {type(text).__name__}")
    if not text.endswith("\n"):
        raise InvalidInput("checkpoint text must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise InvalidInput(f"checkpoint needs origin, tree size and root lines; got {len(lines)}")
    for number, line in enumerate(lines, start=1):
        if not line:
            raise InvalidInput(
                f"checkpoint line {number} is empty (signatures follow a blank line: "
                "pass the note text before it)"
            )
        if "\r" in line:
            raise InvalidInput(f"checkpoint line {number} has a carriage return; use \\n only")
    origin, size_line, root_line, *extensions = lines
    if not _DECIMAL.fullmatch(size_line) or len(size_line) > _MAX_SIZE_DIGITS:
        raise InvalidInput(
            f"checkpoint tree size must be a decimal number without sign or leading zeros: "
            f"{size_line!r}"
        )
    try:
        root = base64.b64decode(root_line.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise InvalidInput(f"checkpoint root hash is not base64: {root_line!r}") from None
    if len(root) != HASH_SIZE:
        raise InvalidInput(f"checkpoint root hash must be {HASH_SIZE} bytes, not {len(root)}")
    if base64.b64encode(root).decode("ascii") != root_line:
        raise InvalidInput(f"checkpoint root hash is not canonical base64: {root_line!r}")
    return Checkpoint(origin, int(size_line), root, tuple(extensions))
