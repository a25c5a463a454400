"""The pure verify over stored records: versions, back-dating, forks; the tree's levels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from eventsourcing.persistence import Notification
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ledger.levels import LeafHasher, LeafHashes, MerkleLevels
from core.ledger.proofs import inclusion_proof
from core.ledger.tree import Checkpoint, event_leaf_hash, leaf_hash, root_of_hashes
from core.ledger.verify import (
    KeptCheckpoint,
    Tolerances,
    checkpoint_time,
    event_times,
    time_line,
    verify_log,
)

A, B = UUID(int=1), UUID(int=2)
T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def state(at: datetime, effective: date | None = None) -> bytes:
    stamp = f'{{"timestamp":{{"_type_":"datetime_iso","_data_":"{at.isoformat()}"}}'
    claim = f'{{"_type_":"date_iso","_data_":"{effective.isoformat()}"}}' if effective else "null"
    return f'{stamp},"actor":{{"_type_":"actor","_data_":{{}}}},"effective_date":{claim}}}'.encode()


def log(*events: tuple[UUID, int, datetime, date | None]) -> list[Notification]:
    return [
        Notification(
            id=i + 1, originator_id=o, originator_version=v, topic="t:T", state=state(t, d)
        )
        for i, (o, v, t, d) in enumerate(events)
    ]


def kept(records: list[Notification], size: int, at: datetime, label: str = "cp") -> KeptCheckpoint:
    root = root_of_hashes([event_leaf_hash(r) for r in records[:size]])
    return KeptCheckpoint(label, Checkpoint("ducha.test/ledger", size, root, (time_line(at),)))


def kinds(records: list[Notification], *checkpoints: KeptCheckpoint) -> list[str]:
    return [f.kind for f in verify_log(records, checkpoints).findings]


def test_times_are_read_from_the_stored_json() -> None:
    assert event_times(state(T0, date(2026, 11, 1))) == (T0, date(2026, 11, 1))
    assert event_times(state(T0)) == (T0, None)
    assert event_times(b"\x00encrypted") == (None, None)
    moved = b'{"a":1,' + state(T0)[1:]  # not first: found by decoding the JSON
    assert event_times(moved) == (T0, None)
    cp = Checkpoint("o", 1, leaf_hash(b""), (time_line(T0),))
    assert checkpoint_time(cp) == T0 and checkpoint_time(Checkpoint("o", 1, leaf_hash(b""))) is None


def test_an_honest_log_has_no_findings() -> None:
    records = log((A, 1, T0, None), (B, 1, T0, None), (A, 2, T0 + timedelta(hours=1), None))
    first = kept(records, 2, T0 + timedelta(minutes=5))
    report = verify_log(records, [first, kept(records, 3, T0 + timedelta(hours=2))])
    assert report.ok and report.cases == 2 and report.tree_size == 3, report.as_dict()


def test_version_gaps_and_repeats_are_found() -> None:
    records = log((A, 1, T0, None), (A, 3, T0, None), (B, 1, T0, None), (B, 1, T0, None))
    assert kinds(records) == ["version_gap", "version_repeated"]


def test_back_dating_is_found_beyond_the_tolerance() -> None:
    later = T0 + timedelta(hours=3)
    records = log(
        (A, 1, later, None),
        (B, 1, T0, None),  # recorded 3 h "before" the event ahead of it
        (A, 2, later + timedelta(seconds=30), None),  # within the clock tolerance: fine
        (B, 2, T0 + timedelta(hours=2), None),  # missing from the checkpoint of 4 h
        (A, 3, later + timedelta(hours=2), date(2026, 11, 19)),  # claims a day before it
        (A, 4, later + timedelta(hours=2), date(2026, 11, 20)),  # the checkpoint's day: fine
    )
    checkpoint = kept(records, 3, T0 + timedelta(hours=4))
    found = verify_log(records, [checkpoint]).findings
    assert [(f.kind, f.notification_id) for f in found] == [
        ("time_backwards", 2),
        ("time_backwards", 4),
        ("backdated_event", 4),
        ("backdated_claim", 5),
    ]
    lenient = Tolerances(clock=timedelta(hours=4), claim_days=1)
    assert verify_log(records, [checkpoint], tolerances=lenient).ok


def test_forks_and_foreign_checkpoints_are_found() -> None:
    records = log(*[(A, v, T0, None) for v in range(1, 6)])
    good = kept(records, 3, T0, "old")
    forged = log((B, 1, T0, None), *[(A, v, T0, None) for v in range(2, 6)])
    fork = kept(forged, 5, T0, "fork")
    assert kinds(records, good, fork) == ["root_mismatch", "inconsistent_checkpoints"]
    other = KeptCheckpoint(
        "other", Checkpoint("elsewhere/log", 5, kept(records, 5, T0).checkpoint.root)
    )
    assert kinds(records, good, other) == ["origin_mismatch"]


@given(leaves=st.lists(st.binary(max_size=6), min_size=1, max_size=70), data=st.data())
def test_the_levels_give_the_rfc_6962_root_and_paths(
    leaves: list[bytes], data: st.DataObject
) -> None:
    packed = LeafHashes()
    for d in leaves:
        packed.append(leaf_hash(d))
    hashes = [leaf_hash(d) for d in leaves]
    assert list(packed) == hashes and packed[-1] == hashes[-1]
    size = data.draw(st.integers(1, len(leaves)))
    levels = MerkleLevels(packed, size)
    assert levels.root == root_of_hashes(hashes[:size])
    index = data.draw(st.integers(0, size - 1))
    assert levels.inclusion_proof(index) == inclusion_proof(hashes, index, size)


@settings(max_examples=40)
@given(
    nid=st.integers(1, 2**63),
    version=st.integers(1, 2**40),
    topic=st.text(alphabet="abcXYZ.:_案件", min_size=1, max_size=20),
    state=st.binary(max_size=40),
    as_text=st.booleans(),
)
def test_the_stream_leaf_hasher_equals_the_core_encoding(
    nid: int, version: int, topic: str, state: bytes, as_text: bool
) -> None:
    originator = str(A) if as_text else A
    record = Notification(
        id=nid, originator_id=originator, originator_version=version, topic=topic, state=state
    )
    hasher = LeafHasher()
    assert hasher.hash(record) == (str(A), event_leaf_hash(record))
    assert hasher.hash(record) == (str(A), event_leaf_hash(record))  # from its caches
