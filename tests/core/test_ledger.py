"""The tamper-evident ledger's pure core: RFC 6962 hashing, proofs, incremental tree, leaf
encoding and checkpoint text.

The known-answer vectors (leaf inputs, roots for sizes 0..8, the inclusion and consistency
proofs) are from transparency-dev/merkle `testonly/constants.go` and `reference_test.go`
(Apache-2.0), as copied in reference/audit_perf.md "Test vectors (data)".
"""

from __future__ import annotations

import base64
import hashlib
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain.errors import InvalidInput
from core.ledger.proofs import (
    ProofError,
    check_consistency,
    check_inclusion,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from core.ledger.tree import (
    EMPTY_ROOT,
    Checkpoint,
    IncrementalTree,
    encode_event_leaf,
    event_leaf_hash,
    format_checkpoint,
    leaf_hash,
    node_hash,
    parse_checkpoint,
    root_of_hashes,
    tree_hash,
)

LEAF_HEX = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657"]
LEAVES = [bytes.fromhex(h) for h in [*LEAF_HEX, "606162636465666768696a6b6c6d6e6f"]]
HASHES = [leaf_hash(d) for d in LEAVES]
ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]
A = bytes.fromhex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
B = bytes.fromhex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e")
C = bytes.fromhex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")
D = bytes.fromhex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0")
E = bytes.fromhex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")
F = bytes.fromhex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a")
INCLUSION = {(1, 5): [A, B, C], (5, 8): [C, D, E]}  # (leaf index, tree size) -> audit path
CONSISTENCY = {(2, 5): [B, C], (6, 8): [F, D, E]}  # (old size, new size) -> proof


def reference_mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1's definition, literally, on leaf inputs (the cross-check)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = next(2**i for i in range(64) if 2 ** (i + 1) >= len(leaves))
    return hashlib.sha256(b"\x01" + reference_mth(leaves[:k]) + reference_mth(leaves[k:])).digest()


# --- Known-answer vectors ---------------------------------------------------------------------


@pytest.mark.parametrize("size", range(9))
def test_root_of_the_standard_tree_at_each_size(size: int) -> None:
    assert tree_hash(LEAVES[:size]) == ROOTS[size]
    assert root_of_hashes(HASHES[:size]) == ROOTS[size]
    assert reference_mth(LEAVES[:size]) == ROOTS[size]


def test_incremental_tree_reproduces_every_vector_root() -> None:
    tree = IncrementalTree()
    assert EMPTY_ROOT == ROOTS[0] == tree.root and leaf_hash(b"") == ROOTS[1]
    for size, data in enumerate(LEAVES, start=1):
        tree.append(data)
        assert (tree.size, tree.root) == (size, ROOTS[size])


@pytest.mark.parametrize(("index", "size"), list(INCLUSION))
def test_inclusion_vectors(index: int, size: int) -> None:
    proof = inclusion_proof(HASHES, index, size)
    assert proof == INCLUSION[index, size]
    check_inclusion(index, size, HASHES[index], proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new"), list(CONSISTENCY))
def test_consistency_vectors(old: int, new: int) -> None:
    proof = consistency_proof(HASHES, old, new)
    assert proof == CONSISTENCY[old, new]
    check_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def flip(h: bytes) -> bytes:
    return bytes([h[0] ^ 0b1000]) + h[1:]


def proof_mutations(proof: list[bytes]) -> dict[str, list[bytes]]:
    """The transparency-dev corpus's proof mutations, by name."""
    out = {
        f"modified-proof[{i}]-bit-3": [*proof[:i], flip(p), *proof[i + 1 :]]
        for i, p in enumerate(proof)
    }
    out |= {"preceding-garbage": [b"\x00" * 32, *proof], "trailing-garbage": [*proof, E]}
    out |= {"inserted-component": [*proof[:1], F, *proof[1:]], "removed-component": proof[:-1]}
    out |= {
        "swapped-components": [proof[1], proof[0], *proof[2:]],
        "short-hash": [*proof[:-1], proof[-1][:31]],
    }
    return out


@pytest.mark.parametrize(("index", "size"), list(INCLUSION))
def test_mutated_inclusion_proofs_fail(index: int, size: int) -> None:
    proof, root, leaf = INCLUSION[index, size], ROOTS[size], HASHES[index]
    for name, bad in proof_mutations(proof).items():
        assert not verify_inclusion(index, size, leaf, bad, root), name
    assert not verify_inclusion(index, size, HASHES[index - 1], proof, root), "wrong-leaf"
    assert not verify_inclusion(index, size, leaf, proof, EMPTY_ROOT), "empty-root"
    assert not verify_inclusion(index, size, leaf, proof, flip(root)), "random-root"
    for i, n in [(index - 1, size), (index + 1, size), (index, size * 2), (index, size // 2)]:
        assert not verify_inclusion(i, n, leaf, proof, root), (i, n)


@pytest.mark.parametrize(("old", "new"), list(CONSISTENCY))
def test_mutated_consistency_proofs_fail(old: int, new: int) -> None:
    proof = CONSISTENCY[old, new]
    for name, bad in proof_mutations(proof).items():
        assert not verify_consistency(old, new, ROOTS[old], ROOTS[new], bad), name
    for m, n in [(old - 1, new), (old + 1, new), (old, new * 2), (old, new // 2), (new, old)]:
        assert not verify_consistency(m, n, ROOTS[old], ROOTS[new], proof), (m, n)
    assert not verify_consistency(old, new, ROOTS[old], EMPTY_ROOT, proof), "empty-root"
    assert not verify_consistency(old, new, flip(ROOTS[old]), ROOTS[new], proof), "old-root"
    # A malicious prover: a proof that is valid, but for a different old tree.
    assert not verify_consistency(old, new, ROOTS[old - 1], ROOTS[new], proof)


def test_trivial_consistency() -> None:
    check_consistency(0, 8, EMPTY_ROOT, ROOTS[8], [])
    check_consistency(8, 8, ROOTS[8], ROOTS[8], [])
    assert consistency_proof(HASHES, 0) == consistency_proof(HASHES, 8) == []
    with pytest.raises(ProofError, match="fork"):
        check_consistency(8, 8, ROOTS[8], ROOTS[7], [])
    with pytest.raises(ProofError, match="empty"):
        check_consistency(0, 8, ROOTS[1], ROOTS[8], [])
    with pytest.raises(ProofError, match="must be empty"):
        check_consistency(8, 8, ROOTS[8], ROOTS[8], [E])
    with pytest.raises(ProofError, match="larger"):
        check_consistency(5, 2, ROOTS[5], ROOTS[2], CONSISTENCY[2, 5])


def test_proof_generation_refuses_bad_arguments() -> None:
    for args in [(HASHES, 8), (HASHES, -1), (HASHES, 0, 9), (HASHES, 5, 5)]:
        with pytest.raises(InvalidInput):
            inclusion_proof(*args)
    for args in [(HASHES, 9), (HASHES, 5, 4), (HASHES, -1)]:
        with pytest.raises(InvalidInput):
            consistency_proof(*args)


# --- Properties ---------------------------------------------------------------------------------

leaf_lists = st.lists(st.binary(max_size=12), min_size=1, max_size=70, unique=True)


@settings(max_examples=150)
@given(leaves=leaf_lists, data=st.data())
def test_every_inclusion_proof_verifies_and_tampering_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    hashes = [leaf_hash(d) for d in leaves]
    n = data.draw(st.integers(1, len(leaves)), label="size")
    i = data.draw(st.integers(0, n - 1), label="index")
    root = root_of_hashes(hashes[:n])
    proof = inclusion_proof(hashes, i, n)
    assert verify_inclusion(i, n, hashes[i], proof, root)
    assert not verify_inclusion(i, n, leaf_hash(leaves[i] + b"!"), proof, root)
    j = (
        data.draw(st.integers(0, n - 1).filter(lambda j: j != i), label="wrong index")
        if n > 1
        else i + 1
    )
    assert not verify_inclusion(j, n, hashes[i], proof, root)
    other = tree_hash([*leaves[:n], b"extra"]) if n < 70 else flip(root)
    assert not verify_inclusion(i, n, hashes[i], proof, other)
    assert not verify_inclusion(i, n, hashes[i], proof, flip(root))


def tampered_logs(leaves: list[bytes], m: int, data: st.DataObject) -> dict[str, list[bytes]]:
    """Rewritings of the log that touch its first m leaves (the checkpointed prefix)."""
    i = data.draw(st.integers(0, m - 1), label="tampered position")
    fresh = b"\xff" * 13  # longer than any generated leaf, so never already in the log
    logs = {
        "changed": [*leaves[:i], fresh, *leaves[i + 1 :]],
        "deleted": [*leaves[:i], *leaves[i + 1 :]],
        "inserted": [*leaves[:i], fresh, *leaves[i:]],
    }
    if i + 1 < len(leaves):
        logs["reordered"] = [*leaves[:i], leaves[i + 1], leaves[i], *leaves[i + 2 :]]
    return logs


@settings(max_examples=150)
@given(leaves=leaf_lists, data=st.data())
def test_every_consistency_proof_verifies_and_rewritten_history_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    hashes = [leaf_hash(d) for d in leaves]
    n = data.draw(st.integers(0, len(leaves)), label="new size")
    m = data.draw(st.integers(0, n), label="old size")
    old_root, root = root_of_hashes(hashes[:m]), root_of_hashes(hashes[:n])
    assert verify_consistency(m, n, old_root, root, consistency_proof(hashes, m, n))
    if m == 0:
        return
    for name, log in tampered_logs(leaves, m, data).items():
        forged = [leaf_hash(d) for d in log]
        size = min(len(forged), max(n, m))
        if size < m:
            continue  # a log shorter than the checkpoint is refused before any proof
        proof = consistency_proof(forged, m, size)
        assert not verify_consistency(m, size, old_root, root_of_hashes(forged[:size]), proof), name


@given(leaves=st.lists(st.binary(max_size=8), max_size=140), cut=st.integers(0, 140))
def test_incremental_tree_equals_full_recomputation_at_every_size(
    leaves: list[bytes], cut: int
) -> None:
    tree = IncrementalTree()
    assert tree.root == reference_mth([])
    for size, data in enumerate(leaves, start=1):
        assert tree.append(data) == leaf_hash(data)
        assert (tree.size, tree.root) == (size, reference_mth(leaves[:size]))
        assert len(tree.frontier) == size.bit_count()
    resumed = IncrementalTree()
    for data in leaves[:cut]:
        resumed.append(data)
    resumed = IncrementalTree.from_state(resumed.size, resumed.frontier)
    for data in leaves[cut:]:
        resumed.append(data)
    assert resumed.root == tree.root


def test_incremental_tree_refuses_a_frontier_of_the_wrong_shape() -> None:
    with pytest.raises(InvalidInput, match="3 frontier hashes"):
        IncrementalTree.from_state(7, [E, E])
    with pytest.raises(InvalidInput, match="32 bytes"):
        IncrementalTree.from_state(1, [b"short"])
    with pytest.raises(InvalidInput, match="32 bytes"):
        IncrementalTree().append_hash(b"\x00" * 31)


def test_node_hash_is_domain_separated_from_leaf_hash() -> None:
    assert node_hash(A, B) == hashlib.sha256(b"\x01" + A + B).digest() != leaf_hash(A + B)


# --- Leaf encoding of a stored event (audit_perf.md §A3.2) ------------------------------------

CASE = UUID("485623cf-0000-4000-8000-000000000001")


def test_event_leaf_is_length_prefixed_and_unambiguous() -> None:
    leaf = encode_event_leaf(7, CASE, 3, "core.case.aggregate:Case.Opened", b'{"a":1}')
    assert leaf == encode_event_leaf(7, str(CASE), 3, "core.case.aggregate:Case.Opened", b'{"a":1}')
    assert leaf.startswith(len(b"ducha.ledger.event.v1").to_bytes(8, "big") + b"ducha.ledger")
    assert leaf.endswith((7).to_bytes(8, "big") + b'{"a":1}')
    moved = encode_event_leaf(7, CASE, 3, "core.case.aggregate:Case.Opened{", b'"a":1}')
    assert moved != leaf  # the same bytes split differently between fields
    others = [
        encode_event_leaf(8, CASE, 3, "core.case.aggregate:Case.Opened", b'{"a":1}'),
        encode_event_leaf(7, CASE, 4, "core.case.aggregate:Case.Opened", b'{"a":1}'),
        encode_event_leaf(7, UUID(int=1), 3, "core.case.aggregate:Case.Opened", b'{"a":1}'),
    ]
    assert len({leaf, *others}) == 4


def test_event_leaf_hash_of_an_eventsourcing_notification() -> None:
    n = Notification(originator_id=CASE, originator_version=1, topic="t:T", state=b"\x01", id=5)
    assert event_leaf_hash(n) == leaf_hash(encode_event_leaf(5, CASE, 1, "t:T", b"\x01"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1, CASE, 1, "t:T", "text"), "state must be bytes, not str"),
        ((-1, CASE, 1, "t:T", b""), "notification id must be an integer"),
        ((True, CASE, 1, "t:T", b""), "notification id must be an integer"),
        ((1, CASE, 2**64, "t:T", b""), "originator version must be an integer"),
        ((1, "", 1, "t:T", b""), "originator id"),
        ((1, CASE, 1, "", b""), "topic"),
    ],
)
def test_event_leaf_refuses_ill_typed_fields(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        encode_event_leaf(*args)  # type: ignore[arg-type]


# --- Checkpoint text (C2SP tlog-checkpoint) ---------------------------------------------------

PROTOTYPE_NOTE = "example.org/envcases/v1\n1000\npf7gvybDJ0QdQl3AVasPXBryJutSXVbHeg85z7+ObDg=\n"


def test_checkpoint_text() -> None:
    text = format_checkpoint("ducha.example/ledger", 8, ROOTS[8])
    assert text == "ducha.example/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
    assert parse_checkpoint(text) == Checkpoint("ducha.example/ledger", 8, ROOTS[8])
    assert parse_checkpoint(text.encode()) == parse_checkpoint(text)
    note = parse_checkpoint(PROTOTYPE_NOTE)
    assert (note.origin, note.size, note.text()) == (
        "example.org/envcases/v1",
        1000,
        PROTOTYPE_NOTE,
    )
    assert (
        parse_checkpoint("o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n").root == EMPTY_ROOT
    )


origins = st.text(
    st.characters(categories=["L", "N"], include_characters="./-_:"), min_size=1, max_size=30
)
extension_lines = st.lists(
    st.text(st.characters(categories=["L", "N", "Zs", "P"]), min_size=1), max_size=3
)


@given(
    origin=origins,
    size=st.integers(1, 2**64 - 1),
    root=st.binary(min_size=32, max_size=32),
    ext=extension_lines,
)
def test_checkpoint_round_trips(origin: str, size: int, root: bytes, ext: list[str]) -> None:
    text = format_checkpoint(origin, size, root, ext)
    assert text.count("\n") == 3 + len(ext) and text.endswith("\n")
    assert parse_checkpoint(text) == Checkpoint(origin, size, root, tuple(ext))
    assert parse_checkpoint(text).text() == text


ROOT64 = base64.b64encode(ROOTS[8]).decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must end with a newline"),
        (f"o\n8\n{ROOT64}", "must end with a newline"),
        ("o\n8\n", "needs origin, tree size and root lines"),
        (f"\n8\n{ROOT64}\n", "line 1 is empty"),
        (f"o\n8\n{ROOT64}\n\n— o c2ln\n", "line 4 is empty"),
        (f"o\r\n8\n{ROOT64}\n", "carriage return"),
        (f"my log\n8\n{ROOT64}\n", "origin must contain no spaces"),
        (f"a+b\n8\n{ROOT64}\n", r"no spaces and no '\+'"),
        (f"o\x07\n8\n{ROOT64}\n", "control characters"),
        (f"o\n08\n{ROOT64}\n", "without sign or leading zeros"),
        (f"o\n+8\n{ROOT64}\n", "without sign or leading zeros"),
        (f"o\n-1\n{ROOT64}\n", "without sign or leading zeros"),
        (f"o\neight\n{ROOT64}\n", "without sign or leading zeros"),
        (f"o\n{2**64}\n{ROOT64}\n", "0..2\\^64-1"),
        ("o\n8\nnot base64!\n", "not base64"),
        (f"o\n8\n{ROOT64.rstrip('=')}\n", "not base64"),
        ("o\n8\nAAAA\n", "must be 32 bytes, not 3"),
        (f"o\n8\n{ROOT64[:-2]}h=\n", "not canonical base64"),
        (f"o\n8\n{base64.urlsafe_b64encode(ROOTS[8]).decode()}\n", "not base64"),
        (f"o\n0\n{ROOT64}\n", "empty tree's root hash"),
        (b"o\n8\n\xff\n", "not valid UTF-8"),
    ],
)
def test_malformed_checkpoints_are_refused(text: str | bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_checkpoint(text)


def test_checkpoint_refuses_bad_values() -> None:
    with pytest.raises(InvalidInput, match="32 bytes"):
        Checkpoint("o", 1, b"\x00" * 31)
    with pytest.raises(InvalidInput, match="must be an integer"):
        Checkpoint("o", True, ROOTS[1])
    with pytest.raises(InvalidInput, match="single line"):
        Checkpoint("o", 1, ROOTS[1], ("a\nb",))
    with pytest.raises(InvalidInput, match="line 4 must not be empty"):
        format_checkpoint("o", 1, ROOTS[1], [""])
