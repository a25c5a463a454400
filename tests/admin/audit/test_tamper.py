"""Tampering with the stored events after a checkpoint, on SQLite and PostgreSQL: each rewrite is
caught by verify against the checkpoint an auditor kept; a legitimate append passes."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import pytest
from sqlalchemy import delete, update

from core.ledger.proofs import verify_inclusion
from projections.engine.catchup import positions_table
from projections.ledger.sealer import (
    LedgerError,
    case_inclusion_proofs,
    latest_checkpoint,
    ledger_leaves,
    ledger_state,
)
from stores.checkpoints import ledger_checkpoints
from tests.admin.audit.ledger_world import Sealed, three_cases
from tests.helpers import INTAKE, report


def edit_bytes(world: Sealed) -> None:
    (state,) = world.sql("SELECT state FROM {t} WHERE {n} = 4")[0]
    forged = bytes(state).replace("河道".encode(), "湖泊".encode(), 1)
    assert forged != bytes(state)
    world.sql("UPDATE {t} SET state = :s WHERE {n} = 4", s=forged)


def edit_and_rehash_everything(world: Sealed) -> None:
    """The attacker edits an event, then recomputes the sealer's leaves, tree and checkpoint
    rows, so that everything inside the database agrees with the edit."""
    edit_bytes(world)
    with world.engine.begin() as conn:
        for table in (ledger_leaves, ledger_state):
            conn.execute(delete(table))
        conn.execute(
            update(positions_table).where(positions_table.c.name == "ledger").values(position=0)
        )
    world.catch_up()
    with world.engine.begin() as conn:
        root = conn.execute(ledger_state.select()).one().frontier  # 8 leaves: one subtree
        conn.execute(update(ledger_checkpoints).values(root=root))
    assert latest_checkpoint(world.engine).root == root  # type: ignore[union-attr]


def delete_last(world: Sealed) -> None:
    world.sql("DELETE FROM {t} WHERE {n} = (SELECT MAX({n}) FROM {t})")


def delete_middle(world: Sealed) -> None:
    world.sql("DELETE FROM {t} WHERE {n} = 4")


def reorder_two(world: Sealed) -> None:
    for a, b in [(2, -2), (3, 2), (-2, 3)]:
        world.sql("UPDATE {t} SET {n} = :b WHERE {n} = :a", a=a, b=b)


def insert_one(world: Sealed) -> None:
    """A forged event slipped in after notification 3: later ones are moved up to make room."""
    world.sql("UPDATE {t} SET {n} = {n} + 1000 WHERE {n} > 3")
    world.sql("UPDATE {t} SET {n} = {n} - 999 WHERE {n} > 1000")
    (topic, state) = world.sql("SELECT topic, state FROM {t} WHERE {n} = 1")[0]
    world.sql(
        "INSERT INTO {t} ({n}, originator_id, originator_version, topic, state) "
        "VALUES (4, :o, 1, :topic, :state)",
        o=uuid4().hex if world.nid == "rowid" else uuid4(),
        topic=topic,
        state=bytes(state),
    )


SCENARIOS: dict[str, tuple[Callable[[Sealed], None], set[str]]] = {
    "edit bytes": (edit_bytes, {"root_mismatch", "first_divergent_leaf"}),
    "edit and rehash the database": (edit_and_rehash_everything, {"root_mismatch"}),
    "delete the last": (delete_last, {"log_shorter_than_checkpoint"}),
    "delete a middle one": (delete_middle, {"log_shorter_than_checkpoint", "version_gap"}),
    "reorder two": (reorder_two, {"root_mismatch"}),
    "insert one": (insert_one, {"root_mismatch"}),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_tampering_after_a_checkpoint_is_caught(sealed: Sealed, scenario: str) -> None:
    three_cases(sealed.app)
    kept = sealed.checkpoint()
    assert sealed.verify(kept).ok
    tamper, expected = SCENARIOS[scenario]
    tamper(sealed)
    report_ = sealed.verify(kept)
    kinds = {f.kind for f in report_.findings}
    assert not report_.ok
    assert expected - {"first_divergent_leaf"} <= kinds, report_.as_dict()


def test_a_legitimate_append_after_checkpoints_passes(sealed: Sealed) -> None:
    first_ids = three_cases(sealed.app)
    old = sealed.checkpoint()
    receipt = report(sealed.app)
    sealed.app.accept(INTAKE, receipt.case_id)
    new = sealed.checkpoint()
    assert sealed.verify(old).ok
    result = sealed.verify(old, new, case_id=first_ids[0])
    assert result.ok and result.tree_size == 10, result.as_dict()
    assert [c["matches"] for c in result.checked] == [True, True]
    export = result.case_export
    assert export is not None and export["tree_size"] == 10
    assert [e["version"] for e in export["events"]] == [1, 2, 3]
    assert all(e["verified"] for e in export["events"])


def test_case_inclusion_proofs_from_the_sealer(sealed: Sealed) -> None:
    ids = three_cases(sealed.app)
    sealed.checkpoint()
    checkpoint = latest_checkpoint(sealed.engine)
    assert checkpoint is not None and checkpoint.tree_size == 8
    proofs = case_inclusion_proofs(sealed.engine, ids[1], checkpoint)
    assert [p["version"] for p in proofs] == [1, 2, 3]
    assert [p["notification_id"] for p in proofs] == [4, 5, 6]
    for p in proofs:
        proof = [bytes.fromhex(h) for h in p["proof_hex"]]
        leaf = bytes.fromhex(p["leaf_hash_hex"])
        assert verify_inclusion(p["leaf_index"], 8, leaf, proof, checkpoint.root)
    with sealed.engine.begin() as conn:
        conn.execute(
            update(ledger_leaves)
            .where(ledger_leaves.c.leaf_index == 0)
            .values(leaf_hash=b"\0" * 32)
        )
    with pytest.raises(LedgerError, match="do not lead to the checkpoint's root"):
        case_inclusion_proofs(sealed.engine, ids[1], checkpoint)


def test_the_sealer_keeps_a_dense_index_over_gaps_in_notification_ids(sealed: Sealed) -> None:
    three_cases(sealed.app)
    sealed.sql("UPDATE {t} SET {n} = {n} + 10 WHERE {n} > 5")
    sealed.catch_up()
    with sealed.engine.connect() as conn:
        rows = conn.execute(ledger_leaves.select().order_by(ledger_leaves.c.leaf_index)).all()
    assert [r.leaf_index for r in rows] == list(range(8))
    assert [r.notification_id for r in rows] == [1, 2, 3, 4, 5, 16, 17, 18]
