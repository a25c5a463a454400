"""Leaf hashes packed for a large log, every level of its tree for many proofs at once, and
the leaf hashing of a stream of stored events.

A verify over a million events keeps all leaf hashes (for consistency proofs and a case's
inclusion proofs): :class:`LeafHashes` packs them into one bytearray. :class:`MerkleLevels`
builds the tree once so that each inclusion proof costs O(log n) instead of the O(n) of
:func:`core.ledger.proofs.inclusion_proof`, which it reproduces.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from core.domain.errors import InvalidInput
from core.ledger.tree import EMPTY_ROOT, EVENT_LEAF_TAG, HASH_SIZE, StoredNotification, node_hash


class LeafHashes(Sequence[bytes]):
    """Leaf hashes packed in one bytearray (32 bytes each): a million leaves take 32 MB."""

    def __init__(self) -> None:
        self._data = bytearray()

    def append(self, hash_: bytes) -> None:
        self._data += hash_

    def __len__(self) -> int:
        return len(self._data) // HASH_SIZE

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return bytes(self._data[index * HASH_SIZE : (index + 1) * HASH_SIZE])


class MerkleLevels:
    """Every level of the RFC 6962 tree over the first ``size`` leaf hashes, built once, so
    that many inclusion proofs cost O(log n) each. Pairing left to right and promoting a lone
    last node gives the same tree as RFC 6962's split at the largest power of two."""

    def __init__(self, hashes: Sequence[bytes], size: int) -> None:
        if not 0 <= size <= len(hashes):
            raise InvalidInput(f"tree size must be in 0..{len(hashes)}, not {size}")
        self.size = size
        level = [hashes[i] for i in range(size)]
        self.levels = [level]
        while len(level) > 1:
            up = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                up.append(level[-1])
            level = up
            self.levels.append(level)

    @property
    def root(self) -> bytes:
        return self.levels[-1][0] if self.size else EMPTY_ROOT

    def inclusion_proof(self, index: int) -> list[bytes]:
        """RFC 6962 §2.1.1 ``PATH(index, D[size])``, from the leaf upwards."""
        if not 0 <= index < self.size:
            raise InvalidInput(f"leaf index must be in 0..{self.size - 1}, not {index}")
        path = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            index >>= 1
        return path


_TAG_FIELD = len(EVENT_LEAF_TAG).to_bytes(8, "big") + EVENT_LEAF_TAG
_U64_FIELD = (8).to_bytes(8, "big")


class LeafHasher:
    """:func:`core.ledger.tree.event_leaf_hash` for a stream of stored events, with each case id's
    and topic's encoded field made once (a verify hashes every event of the log)."""

    def __init__(self) -> None:
        self._originators: dict[object, tuple[str, bytes]] = {}
        self._topics: dict[str, bytes] = {}

    def hash(self, record: StoredNotification) -> tuple[str, bytes]:
        """The record's case id as text, and its leaf hash."""
        key = record.originator_id
        known = self._originators.get(key)
        if known is None:
            if not isinstance(key, UUID | str) or not key:
                raise InvalidInput(f"originator id must be a UUID or a non-empty str: {key!r}")
            text = str(key)
            known = self._originators[key] = (text, _field(text.encode()))
        topic = self._topics.get(record.topic)
        if topic is None:
            if not isinstance(record.topic, str) or not record.topic:
                raise InvalidInput(f"topic must be a non-empty str, not {record.topic!r}")
            topic = self._topics[record.topic] = _field(record.topic.encode())
        state = record.state
        if not isinstance(state, bytes):
            if not isinstance(state, bytearray | memoryview):
                raise InvalidInput(f"the stored state must be bytes, not {type(state).__name__}")
            state = bytes(state)
        try:
            nid = record.id.to_bytes(8, "big")
            version = record.originator_version.to_bytes(8, "big")
        except (OverflowError, AttributeError):
            raise InvalidInput(
                f"notification {record.id!r} has an id or version out of range"
            ) from None
        leaf = b"".join(
            (
                b"\x00",
                _TAG_FIELD,
                _U64_FIELD,
                nid,
                known[1],
                _U64_FIELD,
                version,
                topic,
                len(state).to_bytes(8, "big"),
                state,
            )
        )
        return known[0], hashlib.sha256(leaf).digest()


def _field(value: bytes) -> bytes:
    return len(value).to_bytes(8, "big") + value
