"""Inclusion (audit path) and consistency proofs over the RFC 6962 Merkle tree of
:mod:`core.ledger.tree`.

Generation follows the recursive definitions of RFC 6962 §2.1.1 (``PATH``) and §2.1.2
(``PROOF``/``SUBPROOF``); verification follows the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
Proofs are lists of 32-byte hashes, ordered from the leaf (or the old tree) upwards, exactly as
in those RFCs, so they interoperate with Certificate Transparency tooling.

``check_*`` raise :class:`ProofError` saying why a proof fails; ``verify_*`` return a bool.
Verification is strict: malformed proofs, extra or missing hashes and out-of-range sizes fail.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.domain.errors import InvalidInput
from core.ledger.tree import EMPTY_ROOT, HASH_SIZE, node_hash, split_point, subtree_root


class ProofError(InvalidInput):
    """A Merkle proof does not prove what it claims."""

    code = "invalid_proof"


def _check_range(hashes: Sequence[bytes], size: int | None) -> int:
    n = len(hashes) if size is None else size
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= len(hashes):
        raise InvalidInput(f"tree size must be in 0..{len(hashes)}, not {n!r}")
    return n


# --- Generation (RFC 6962 §2.1.1 and §2.1.2) -------------------------------------------------


def inclusion_proof(hashes: Sequence[bytes], index: int, size: int | None = None) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of the first ``size`` leaf hashes
    (all of them by default): RFC 6962 §2.1.1 ``PATH(m, D[n])``."""
    n = _check_range(hashes, size)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < n:
        raise InvalidInput(f"leaf index must be in 0..{n - 1}, not {index!r}")
    path: list[bytes] = []
    start, end, m = 0, n, index
    # Walk down from the root; each level's sibling subtree is prepended, so the path ends up
    # ordered from the leaf upwards.
    while end - start > 1:
        k = split_point(end - start)
        if m < k:
            path.append(subtree_root(hashes, start + k, end))
            end = start + k
        else:
            path.append(subtree_root(hashes, start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_proof(
    hashes: Sequence[bytes], old_size: int, size: int | None = None
) -> list[bytes]:
    """The proof that the tree of the first ``old_size`` leaves is a prefix of the tree of the
    first ``size`` leaves (all by default): RFC 6962 §2.1.2 ``PROOF(m, D[n])``.
    Empty when ``old_size`` is 0 or equals ``size``."""
    n = _check_range(hashes, size)
    m = old_size
    if isinstance(m, bool) or not isinstance(m, int) or not 0 <= m <= n:
        raise InvalidInput(f"old tree size must be in 0..{n}, not {m!r}")
    if m == 0 or m == n:
        return []
    proof: list[bytes] = []
    start, end, complete = 0, n, True  # SUBPROOF(m, D[start:end], complete)
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(subtree_root(hashes, start + k, end))
            end = start + k
        else:
            proof.append(subtree_root(hashes, start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(subtree_root(hashes, start, end))
    proof.reverse()
    return proof


# --- Verification (RFC 9162 §2.1.3.2 and §2.1.4.2) --------------------------------------------


def _check_size(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProofError(f"{what} must be a non-negative integer, not {value!r}")
    return value


def _check_hashes(proof: Sequence[bytes], *named: tuple[str, bytes]) -> None:
    for what, value in named:
        if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
            raise ProofError(f"{what} must be {HASH_SIZE} bytes")
    for i, h in enumerate(proof):
        if not isinstance(h, bytes | bytearray) or len(h) != HASH_SIZE:
            raise ProofError(f"proof hash {i} must be {HASH_SIZE} bytes")


def _lsb(x: int) -> bool:
    return bool(x & 1)


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` implies for leaf hash ``leaf`` at ``index`` in a tree of
    ``size`` leaves (RFC 9162 §2.1.3.2 steps 1–4, plus its check that the path has the length
    the size implies). Raises :class:`ProofError` if the proof cannot belong to such a tree."""
    index, size = _check_size(index, "leaf index"), _check_size(size, "tree size")
    _check_hashes(proof, ("leaf hash", leaf))
    if index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of {size} leaves")
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof has more hashes than the tree size allows")
        if _lsb(fn) or fn == sn:
            r = node_hash(p, r)
            if not _lsb(fn):
                while not _lsb(fn) and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof has fewer hashes than the tree size needs")
    return r


def check_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise :class:`ProofError` unless ``proof`` shows that leaf hash ``leaf`` is leaf
    ``index`` of the tree of ``size`` leaves whose root is ``root``."""
    _check_hashes((), ("root hash", root))
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError(f"inclusion proof of leaf {index} does not lead to the root")


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether :func:`check_inclusion` accepts."""
    try:
        check_inclusion(index, size, leaf, proof, root)
    except ProofError:
        return False
    return True


def check_consistency(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise :class:`ProofError` unless ``proof`` shows that the tree of ``old_size`` leaves
    with root ``old_root`` is a prefix of the tree of ``size`` leaves with root ``root``
    (RFC 9162 §2.1.4.2). Size 0 is consistent with any tree, but its root must be the empty
    root; equal sizes need an empty proof and equal roots."""
    m, n = _check_size(old_size, "old tree size"), _check_size(size, "tree size")
    _check_hashes(proof, ("old root hash", old_root), ("root hash", root))
    if m > n:
        raise ProofError(f"old tree size {m} is larger than the new tree size {n}")
    if m == 0 or m == n:
        if proof:
            raise ProofError(f"a consistency proof from {m} to {n} leaves must be empty")
        if m == 0 and old_root != EMPTY_ROOT:
            raise ProofError("the root of an empty tree must be SHA-256 of the empty string")
        if m == n and old_root != root:
            raise ProofError(f"two trees of {n} leaves with different roots: a fork")
        return
    if not proof:
        raise ProofError(f"a consistency proof from {m} to {n} leaves cannot be empty")
    path = list(proof)
    if m & (m - 1) == 0:  # the old tree is a perfect subtree of the new one: its root starts
        path.insert(0, bytes(old_root))
    fn, sn = m - 1, n - 1
    while _lsb(fn):
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof has more hashes than the sizes allow")
        if _lsb(fn) or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not _lsb(fn):
                while not _lsb(fn) and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof has fewer hashes than the sizes need")
    if fr != old_root:
        raise ProofError(f"consistency proof does not lead to the old root of {m} leaves")
    if sr != root:
        raise ProofError(f"consistency proof does not lead to the new root of {n} leaves")


def verify_consistency(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether :func:`check_consistency` accepts."""
    try:
        check_consistency(old_size, size, old_root, root, proof)
    except ProofError:
        return False
    return True
