"""The ledger's sealer: a projection that follows the event log in notification order and keeps
an RFC 6962 Merkle tree over the stored events (DESIGN.md §5; audit_perf.md §A3.3).

It keeps, in its own tables, a dense leaf index → leaf hash over each event's stored bytes
(PostgreSQL notification ids may have gaps) and the incremental tree's frontier. When it has
caught up with the log and N events or T seconds have passed since the last checkpoint, it signs
one (Ed25519, C2SP checkpoint text with a ``time`` line), records it in ledger_checkpoints
(stores/checkpoints.py, which a rebuild keeps) and writes it into
``$DUCHA_DATA_DIR/checkpoints/`` for auditors to take away.

The tables help the export of proofs; they are never the evidence. Anyone who can write to the
database can recompute them, so ``audit verify`` recomputes everything from the stored events.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    LargeBinary,
    Table,
    Uuid,
    insert,
    select,
    update,
)

from core.domain.errors import InvalidInput
from core.ledger.levels import LeafHashes, MerkleLevels
from core.ledger.tree import HASH_SIZE, IncrementalTree, event_leaf_hash, format_checkpoint
from core.ledger.verify import time_line
from core.service.application import Ducha
from core.settings import Settings
from projections.engine.catchup import Batch, catch_up, ensure_positions, read_positions
from projections.engine.locks import ProjectorLock
from projections.engine.metadata import read_model_metadata
from projections.engine.waiting import ProjectionLagging, wait_for
from stores.checkpoints import ledger_checkpoints
from stores.services import Services
from stores.signing import Signer, ensure_own_signing_key, read_signer

log = logging.getLogger("ducha.ledger")

ledger_leaves = Table(
    "ledger_leaves",
    read_model_metadata,
    Column("leaf_index", BigInteger, primary_key=True, autoincrement=False),
    Column("notification_id", BigInteger, nullable=False, unique=True),
    Column("case_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("leaf_hash", LargeBinary(HASH_SIZE), nullable=False),
    Index("ix_ledger_leaves_case", "case_id", "version"),
)

ledger_state = Table(
    "ledger_state",
    read_model_metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # one row, id 1
    Column("tree_size", BigInteger, nullable=False),
    Column("frontier", LargeBinary, nullable=False),  # the frontier's hashes, concatenated
    Column("last_notification_id", BigInteger, nullable=False),
)


class LedgerError(InvalidInput):
    """The sealer cannot do what was asked (no key, stopped on an error, tables disagree)."""

    code = "ledger_error"


@dataclass(frozen=True)
class CheckpointRecord:
    """A checkpoint the sealer signed: tree size, root, time, the signed note and its file."""

    tree_size: int
    root: bytes
    created_at: datetime
    note: str
    file_name: str

    @property
    def size(self) -> int:
        return self.tree_size


@dataclass(frozen=True)
class CheckpointPolicy:
    """When the sealer signs: every `every_events` events or `every_seconds` seconds."""

    signer: Signer
    folder: Path
    every_events: int
    every_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> CheckpointPolicy | None:
        """None (no checkpoints, leaves only) when no signing key is configured or readable."""
        if settings.signing_key is None:
            return None
        if settings.signing_key_in_data_dir and not settings.signing_key.exists():
            return None  # `db init` makes it; until then the embedded store signs nothing
        try:
            signer = read_signer(settings.signing_key)
        except InvalidInput as exc:
            log.warning("ledger: no checkpoints are signed: %s", exc.message)
            return None
        folder = settings.checkpoints_dir
        return cls(signer, folder, settings.checkpoint_events, settings.checkpoint_seconds)


def _tree(conn: Connection) -> tuple[IncrementalTree, int]:
    row = conn.execute(select(ledger_state).where(ledger_state.c.id == 1)).first()
    if row is None:
        return IncrementalTree(), 0
    frontier = bytes(row.frontier)
    hashes = [frontier[i : i + HASH_SIZE] for i in range(0, len(frontier), HASH_SIZE)]
    return IncrementalTree.from_state(row.tree_size, hashes), row.last_notification_id


def _save_tree(conn: Connection, tree: IncrementalTree, last_id: int, existed: bool) -> None:
    values = {
        "tree_size": tree.size,
        "frontier": b"".join(tree.frontier),
        "last_notification_id": last_id,
    }
    if existed:
        conn.execute(update(ledger_state).where(ledger_state.c.id == 1).values(**values))
    else:
        conn.execute(insert(ledger_state).values(id=1, **values))


class LedgerSealer:
    """The sealer projection. Leaves are hashed over the stored bytes, re-read from the store
    for the batch's notification ids (the projector hands over decoded events)."""

    name = "ledger"
    tables: Sequence[Table] = (ledger_leaves, ledger_state)

    def __init__(self, app: Ducha, policy: CheckpointPolicy | None = None) -> None:
        self.app = app
        self.policy = policy

    def create(self, conn: Connection) -> None:
        return None

    def drop(self, conn: Connection) -> None:
        return None

    def forget(self) -> None:
        return None  # the tree state is read from its table in each transaction

    def apply(self, conn: Connection, events: Batch) -> None:
        ids = [i for i, _ in events]
        stored = self.app.recorder.select_notifications(
            start=ids[0], limit=len(ids), stop=ids[-1], inclusive_of_start=True
        )
        if [n.id for n in stored] != ids:
            raise LedgerError(f"the event store does not hold notifications {ids[0]}..{ids[-1]}")
        tree, last_id = _tree(conn)
        existed = tree.size > 0 or last_id > 0
        rows = []
        for n in stored:
            hash_ = event_leaf_hash(n)
            rows.append(
                {
                    "leaf_index": tree.size,
                    "notification_id": n.id,
                    "case_id": n.originator_id,
                    "version": n.originator_version,
                    "leaf_hash": hash_,
                }
            )
            tree.append_hash(hash_)
        conn.execute(insert(ledger_leaves), rows)
        _save_tree(conn, tree, ids[-1], existed)
        if self.policy is not None and self._due(conn, tree.size, ids[-1]):
            seal(conn, self.policy.signer, self.policy.folder)

    def idle(self, engine: Engine) -> Path | None:
        """Called by the projector when the log is quiet: sign the events that came in since the
        last checkpoint once T seconds have passed, rather than waiting for the next event."""
        if self.policy is None:
            return None
        with engine.begin() as conn:
            tree, last_id = _tree(conn)
            if tree.size and self._due(conn, tree.size, last_id):
                return seal(conn, self.policy.signer, self.policy.folder)
        return None

    def _due(self, conn: Connection, size: int, last_id: int) -> bool:
        """Time for a checkpoint, and the sealer is at the head of the log (a checkpoint signed
        while catching up would carry a time later than events it does not include yet)."""
        assert self.policy is not None
        last = conn.execute(
            select(ledger_checkpoints.c.tree_size, ledger_checkpoints.c.created_at)
            .order_by(ledger_checkpoints.c.id.desc())
            .limit(1)
        ).first()
        if last is not None:
            since = datetime.now(UTC) - _aware(last.created_at)
            waited = since.total_seconds() >= self.policy.every_seconds
            if size - last.tree_size < self.policy.every_events and not (
                waited and size > last.tree_size
            ):
                return False
        return bool(self.app.recorder.max_notification_id() == last_id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def seal(conn: Connection, signer: Signer, folder: Path) -> Path:
    """Sign the sealer's current tree head now, write it to `folder` and record it."""
    tree, _ = _tree(conn)
    now = datetime.now(UTC)
    text = format_checkpoint(signer.name, tree.size, tree.root, [time_line(now)])
    note = signer.sign(text)
    file_name = f"checkpoint-{tree.size:012d}-{now:%Y%m%dT%H%M%S%fZ}.txt"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    partial = folder / f".{file_name}.partial"
    partial.write_text(note, encoding="utf-8")
    os.replace(partial, path)  # readers never see half a note
    conn.execute(
        insert(ledger_checkpoints).values(
            tree_size=tree.size, root=tree.root, created_at=now, note=note, file_name=file_name
        )
    )
    log.info("ledger: checkpoint of %d events signed: %s", tree.size, path)
    return path


def _record(row: Any) -> CheckpointRecord:
    return CheckpointRecord(
        row.tree_size, bytes(row.root), _aware(row.created_at), row.note, row.file_name
    )


# --- The API the CLI and the auditors' export use ----------------------------------------------


def latest_checkpoint(engine: Engine) -> CheckpointRecord | None:
    """The newest checkpoint the sealer signed, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(ledger_checkpoints).order_by(ledger_checkpoints.c.id.desc()).limit(1)
        ).first()
    return None if row is None else _record(row)


def list_checkpoints(engine: Engine) -> list[CheckpointRecord]:
    """Every checkpoint the sealer signed, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(ledger_checkpoints).order_by(ledger_checkpoints.c.id)).all()
    return [_record(r) for r in rows]


def _leaf_hashes(conn: Connection, size: int) -> LeafHashes:
    hashes = LeafHashes()
    result = conn.execute(
        select(ledger_leaves.c.leaf_hash)
        .where(ledger_leaves.c.leaf_index < size)
        .order_by(ledger_leaves.c.leaf_index)
    )
    for (hash_,) in result:
        hashes.append(bytes(hash_))
    return hashes


def case_inclusion_proofs(
    engine: Engine, case_id: UUID | str, checkpoint: CheckpointRecord
) -> list[dict[str, Any]]:
    """The case's events in the checkpoint's tree, each with its inclusion proof (RFC 6962
    audit path, hex, from the leaf upwards). Events recorded after the checkpoint are left out.
    Raises LedgerError when the sealer's leaves do not lead to the checkpoint's root."""
    case = UUID(str(case_id))
    size = checkpoint.tree_size
    with engine.connect() as conn:
        hashes = _leaf_hashes(conn, size)
        rows = conn.execute(
            select(
                ledger_leaves.c.notification_id, ledger_leaves.c.version, ledger_leaves.c.leaf_index
            )
            .where(ledger_leaves.c.case_id == case, ledger_leaves.c.leaf_index < size)
            .order_by(ledger_leaves.c.version)
        ).all()
    if len(hashes) < size:
        raise LedgerError(f"the sealer holds {len(hashes)} leaves, the checkpoint covers {size}")
    levels = MerkleLevels(hashes, size)
    if levels.root != checkpoint.root:
        raise LedgerError("the sealer's leaves do not lead to the checkpoint's root; run verify")
    return [
        {
            "notification_id": r.notification_id,
            "version": r.version,
            "leaf_index": r.leaf_index,
            "leaf_hash_hex": hashes[r.leaf_index].hex(),
            "proof_hex": [p.hex() for p in levels.inclusion_proof(r.leaf_index)],
        }
        for r in rows
    ]


def write_checkpoint(services: Services) -> Path:
    """Catch the sealer up with the log, sign a checkpoint of it now, and return its file."""
    settings = services.settings
    if settings.signing_key is None:
        raise LedgerError(
            "DUCHA_SIGNING_KEY is not set: name a key file there and make it with `audit keygen`"
        )
    ensure_own_signing_key(settings)
    signer = read_signer(settings.signing_key)
    sealer = LedgerSealer(services.app)
    engine = services.engine
    with engine.begin() as conn:
        for table in sealer.tables:
            table.create(conn, checkfirst=True)
    ensure_positions(engine, [sealer.name])
    _catch_up(services, sealer)
    error = read_positions(engine)[sealer.name].error
    if error is not None:
        raise LedgerError(f"the sealer stopped on an error: {error}")
    with engine.begin() as conn:
        return seal(conn, signer, settings.checkpoints_dir)


def _catch_up(services: Services, sealer: LedgerSealer) -> None:
    """Feed the sealer here, unless a projector runs (two writers of one projection collide on
    SQLite): then wait for it to reach the head of the log."""
    from projections.engine.registry import SET_NAME  # the registry imports this module

    lock = ProjectorLock(services.settings, SET_NAME)
    if lock.try_acquire():
        try:
            catch_up(services.app, services.engine, [sealer])
        finally:
            lock.release()
        return
    head = services.app.recorder.max_notification_id() or 0
    try:
        wait_for(services.engine, sealer.name, head, timeout=60)
    except ProjectionLagging as exc:
        raise LedgerError(f"the running projector did not seal the log in time: {exc}") from None


def first_divergence(engine: Engine, recomputed: Sequence[bytes]) -> int | None:
    """The first leaf index where the sealer's table differs from `recomputed` (a hint for an
    auditor: the table itself proves nothing), or None."""
    with engine.connect() as conn:
        sealed = _leaf_hashes(conn, len(recomputed) + 1)
    for index in range(min(len(sealed), len(recomputed))):
        if sealed[index] != recomputed[index]:
            return index
    return None if len(sealed) == len(recomputed) else min(len(sealed), len(recomputed))


def stored_records(app: Ducha, page: int = 5000) -> Iterator[Notification]:
    """Every stored event in notification order, read `page` at a time."""
    start = 0
    while True:
        batch = app.recorder.select_notifications(start=start, limit=page, inclusive_of_start=False)
        yield from batch
        if len(batch) < page:
            return
        start = batch[-1].id
