"""Leaf hashes packed for a large log, and every level of its tree for many proofs at once.

A verify over a million events keeps all leaf hashes (for consistency proofs and a case's
inclusion proofs): :class:`LeafHashes` packs them into one bytearray. :class:`MerkleLevels`
builds the tree once so that each inclusion proof costs O(log n) instead of the O(n) of
:func:`core.ledger_proofs.inclusion_proof`, which it reproduces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.domain.errors import InvalidInput
from core.ledger import EMPTY_ROOT, HASH_SIZE, node_hash


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
