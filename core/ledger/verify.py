"""Verifying the event log against checkpoints an auditor kept (audit_perf.md §A3.4).

:func:`verify_log` is pure: it reads an iterable of stored events in notification order (the
store's records, never the sealer's tables, which anyone with write access to the database can
recompute) and checkpoints whose signatures were already checked, and returns the findings:

* the log is shorter than a checkpoint (deletion or truncation);
* a checkpoint's root differs from the recomputed root at its size (an event was edited,
  reordered, inserted or deleted in that prefix; the same holds when every hash stored in the
  database was recomputed too);
* two checkpoints are not consistent (a fork), or name different logs;
* a case's versions are not 1..k without gaps or duplicates;
* back-dating: recorded times that go backwards in notification order, an event recorded after
  a checkpoint that did not include it yet claiming an earlier recording time, or a claimed
  effective date before the day of such a checkpoint (§A3.7: the claim was not on record then).

Times are read from the stored JSON without decoding the whole event (§B2.6: a verify must be
dominated by reading rows, not by parsing them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from hashlib import sha256
from typing import Any

from core.domain.errors import InvalidInput
from core.ledger.levels import LeafHasher, LeafHashes, MerkleLevels
from core.ledger.proofs import consistency_proof, verify_consistency, verify_inclusion
from core.ledger.tree import (
    EMPTY_ROOT,
    Checkpoint,
    IncrementalTree,
    StoredNotification,
)

#: The checkpoint extension line that carries the time the tree head was signed.
TIME_PREFIX = "time "


def time_line(moment: datetime) -> str:
    """The extension line ``time <ISO 8601 UTC>`` for a checkpoint signed at ``moment``."""
    if moment.tzinfo is None:
        raise InvalidInput("a checkpoint time must carry a time zone")
    return TIME_PREFIX + moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def checkpoint_time(checkpoint: Checkpoint) -> datetime | None:
    """The time on a checkpoint's ``time`` extension line, or None when it has none."""
    for line in checkpoint.extensions:
        if line.startswith(TIME_PREFIX):
            try:
                moment = datetime.fromisoformat(line[len(TIME_PREFIX) :].replace("Z", "+00:00"))
            except ValueError:
                raise InvalidInput(f"checkpoint time line is not ISO 8601: {line!r}") from None
            if moment.tzinfo is None:
                raise InvalidInput(f"checkpoint time has no time zone: {line!r}")
            return moment
    return None


@dataclass(frozen=True)
class KeptCheckpoint:
    """A checkpoint the auditor kept, whose signature was checked; ``label`` names it in
    findings (its file name)."""

    label: str
    checkpoint: Checkpoint

    @property
    def time(self) -> datetime | None:
        return checkpoint_time(self.checkpoint)


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    checkpoint: str | None = None
    notification_id: int | None = None
    leaf_index: int | None = None
    case_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class VerifyReport:
    tree_size: int
    root: bytes
    cases: int
    findings: list[Finding]
    leaf_hashes: LeafHashes
    undated_events: int = 0
    case_export: dict[str, Any] | None = None
    checked: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": self.ok,
            "tree_size": self.tree_size,
            "root_hex": self.root.hex(),
            "cases": self.cases,
            "undated_events": self.undated_events,
            "checkpoints": self.checked,
            "findings": [f.as_dict() for f in self.findings],
        }
        if self.case_export is not None:
            out["case"] = self.case_export
        return out


# The stored JSON starts with the event's timestamp (eventsourcing's transcoder writes the
# event's attributes in order); the effective date is a top-level field. A quote inside a
# string is escaped, so these patterns cannot match user text.
_TIMESTAMP = re.compile(rb'\{"timestamp":\{"_type_":"datetime_iso","_data_":"([^"]+)"\}')
_EFFECTIVE = b'"effective_date":{"_type_":"date_iso","_data_":"'


def event_times(state: bytes) -> tuple[datetime | None, date | None]:
    """The recorded time and the claimed effective date in a stored event's JSON state; None
    for what it does not hold (or when the bytes are not JSON, e.g. encrypted)."""
    state = bytes(state)
    stamp = _TIMESTAMP.match(state)
    if stamp is None:
        return _decoded_times(state)
    at = state.find(_EFFECTIVE)
    start = at + len(_EFFECTIVE)
    try:
        return (
            datetime.fromisoformat(stamp.group(1).decode()),
            date.fromisoformat(state[start : start + 10].decode()) if at >= 0 else None,
        )
    except (ValueError, UnicodeDecodeError):
        return _decoded_times(state)


def _decoded_times(state: bytes) -> tuple[datetime | None, date | None]:
    try:
        data = json.loads(state)
        stamp, effective = data.get("timestamp"), data.get("effective_date")
        moment = datetime.fromisoformat(stamp["_data_"]) if isinstance(stamp, dict) else None
        day = date.fromisoformat(effective["_data_"]) if isinstance(effective, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, None
    return moment, day


@dataclass(frozen=True)
class Tolerances:
    """How far recorded times may run backwards (clocks of several writers, and the time
    between taking an event's timestamp and its commit), and how many days a claimed effective
    date may lie before the day of a checkpoint that did not include it."""

    clock: timedelta = timedelta(seconds=60)
    claim_days: int = 0
    zone: tzinfo = UTC


class _Pass:
    """The state of one pass over the log (the per-event path is kept lean: §B2.6)."""

    def __init__(self, kept: Sequence[KeptCheckpoint], tolerances: Tolerances) -> None:
        self.kept = sorted(
            kept, key=lambda k: (k.checkpoint.size, k.time.timestamp() if k.time else 0)
        )
        self.tol = tolerances
        self.findings: list[Finding] = []
        self.hasher = LeafHasher()
        self.size = 0
        self.frontier: list[bytes] = []
        self.hashes = LeafHashes()
        self.roots: dict[int, bytes] = {0: EMPTY_ROOT}
        self.versions: dict[str, int] = {}
        self.latest: datetime | None = None
        self.anchor: datetime | None = None  # latest time of the checkpoints before this leaf
        self.next_anchor = 0
        self.sizes = {k.checkpoint.size for k in self.kept}
        self.undated = 0
        self.case_leaves: list[tuple[int, int, int]] = []  # (leaf index, nid, version)

    @property
    def root(self) -> bytes:
        return IncrementalTree.from_state(self.size, self.frontier).root

    def add(self, record: StoredNotification, case_id: str | None) -> None:
        index = self.size
        if (
            self.next_anchor < len(self.kept)
            and self.kept[self.next_anchor].checkpoint.size <= index
        ):
            self._advance_anchor(index)
        originator, hash_ = self.hasher.hash(record)
        self.hashes.append(hash_)
        frontier = self.frontier
        frontier.append(hash_)
        self.size = n = index + 1
        while not n & 1:  # as IncrementalTree.append_hash
            right = frontier.pop()
            frontier.append(sha256(b"\x01" + frontier.pop() + right).digest())
            n >>= 1
        if self.size in self.sizes:
            self.roots[self.size] = self.root
        last = self.versions.get(originator, 0)
        if record.originator_version != last + 1:
            self._version_finding(record, originator, last, index)
        else:
            self.versions[originator] = last + 1
        self._check_times(record, index)
        if originator == case_id:
            self.case_leaves.append((index, record.id, record.originator_version))

    def _advance_anchor(self, index: int) -> None:
        while self.next_anchor < len(self.kept):
            checkpoint = self.kept[self.next_anchor]
            if checkpoint.checkpoint.size > index:
                return
            moment = checkpoint.time
            if moment is not None and (self.anchor is None or moment > self.anchor):
                self.anchor = moment
            self.next_anchor += 1

    def _flag(self, kind: str, message: str, record: StoredNotification, index: int) -> None:
        self.findings.append(
            Finding(
                kind,
                message,
                notification_id=record.id,
                leaf_index=index,
                case_id=str(record.originator_id),
            )
        )

    def _version_finding(
        self, record: StoredNotification, originator: str, last: int, index: int
    ) -> None:
        version = record.originator_version
        kind = "version_gap" if version > last + 1 else "version_repeated"
        message = f"case {originator}: version {version} follows version {last}"
        self._flag(kind, message, record, index)
        self.versions[originator] = max(last, version)

    def _check_times(self, record: StoredNotification, index: int) -> None:
        recorded, effective = event_times(record.state)
        if recorded is None:
            self.undated += 1
            return
        if self.latest is not None and recorded < self.latest - self.tol.clock:
            message = f"recorded at {recorded.isoformat()}, after {self.latest.isoformat()}"
            self._flag("time_backwards", message, record, index)
        self.latest = recorded if self.latest is None else max(self.latest, recorded)
        if self.anchor is None:
            return
        signed = f"a checkpoint signed at {self.anchor.isoformat()}"
        if recorded < self.anchor - self.tol.clock:
            message = f"recorded at {recorded.isoformat()}, yet missing from {signed}"
            self._flag("backdated_event", message, record, index)
        cut = self.anchor.astimezone(self.tol.zone).date() - timedelta(days=self.tol.claim_days)
        if effective is not None and effective < cut:
            message = f"claims the date {effective.isoformat()}, yet was not on record at {signed}"
            self._flag("backdated_claim", message, record, index)


def verify_log(
    records: Iterable[StoredNotification],
    kept: Sequence[KeptCheckpoint],
    *,
    case_id: str | None = None,
    tolerances: Tolerances | None = None,
) -> VerifyReport:
    """Recompute the tree over ``records`` (stored events in notification order) and check it
    against the checkpoints the auditor ``kept``. With ``case_id``, also export that case's
    events with their inclusion proofs in the largest checkpoint the log still matches."""
    state = _Pass(kept, tolerances or Tolerances())
    last_id = -1
    for record in records:
        if record.id <= last_id:
            raise InvalidInput(
                f"records must come in notification order: {record.id} after {last_id}"
            )
        last_id = record.id
        state.add(record, case_id)
    size = state.size
    checked = [_check_root(state, k) for k in state.kept]
    _check_pairs(state)
    report = VerifyReport(
        tree_size=size,
        root=state.root,
        cases=len(state.versions),
        findings=state.findings,
        leaf_hashes=state.hashes,
        undated_events=state.undated,
        checked=checked,
    )
    if case_id is not None:
        report.case_export = _case_export(state, case_id)
    return report


def _check_root(state: _Pass, kept: KeptCheckpoint) -> dict[str, Any]:
    cp, size = kept.checkpoint, state.size
    summary = {"file": kept.label, "origin": cp.origin, "tree_size": cp.size, "matches": False}
    if cp.size > size:
        state.findings.append(
            Finding(
                "log_shorter_than_checkpoint",
                f"the log has {size} events but the checkpoint covers {cp.size}: "
                "events were deleted",
                checkpoint=kept.label,
            )
        )
    elif state.roots[cp.size] != cp.root:
        below = max(
            (k.checkpoint.size for k in _matching(state) if k.checkpoint.size < cp.size), default=0
        )
        state.findings.append(
            Finding(
                "root_mismatch",
                f"the first {cp.size} events do not hash to the checkpoint's root: an event "
                f"among leaves {below}..{cp.size - 1} was edited, reordered, inserted or deleted",
                checkpoint=kept.label,
            )
        )
    else:
        summary["matches"] = True
    return summary


def _matching(state: _Pass) -> Iterator[KeptCheckpoint]:
    for k in state.kept:
        size = k.checkpoint.size
        if size <= state.size and state.roots[size] == k.checkpoint.root:
            yield k


def _check_pairs(state: _Pass) -> None:
    """Each checkpoint against the next larger one: the same log, and a valid consistency
    proof from the recomputed leaves (a fork otherwise)."""
    for old, new in zip(state.kept, state.kept[1:], strict=False):
        a, b = old.checkpoint, new.checkpoint
        if a.origin != b.origin:
            state.findings.append(
                Finding(
                    "origin_mismatch",
                    f"checkpoints of different logs: {a.origin!r} and {b.origin!r}",
                    checkpoint=new.label,
                )
            )
            continue
        if b.size > state.size:
            continue  # already reported as a shorter log
        proof = consistency_proof(state.hashes, a.size, b.size)
        if not verify_consistency(a.size, b.size, a.root, b.root, proof):
            state.findings.append(
                Finding(
                    "inconsistent_checkpoints",
                    f"the checkpoint of {a.size} events is not a prefix of the checkpoint of "
                    f"{b.size} events as the log stands (a fork or a rewrite)",
                    checkpoint=f"{old.label} -> {new.label}",
                )
            )


def _case_export(state: _Pass, case_id: str) -> dict[str, Any]:
    anchor = max(_matching(state), key=lambda k: k.checkpoint.size, default=None)
    size = anchor.checkpoint.size if anchor else 0
    levels = MerkleLevels(state.hashes, size)
    events = []
    for index, nid, version in state.case_leaves:
        entry: dict[str, Any] = {
            "notification_id": nid,
            "version": version,
            "leaf_index": index,
            "leaf_hash_hex": state.hashes[index].hex(),
        }
        if index < size:
            proof = levels.inclusion_proof(index)
            entry["proof_hex"] = [p.hex() for p in proof]
            entry["verified"] = verify_inclusion(
                index, size, state.hashes[index], proof, levels.root
            )
        else:
            entry["proof_hex"] = None  # recorded after the checkpoint
        events.append(entry)
    return {
        "case_id": case_id,
        "checkpoint": anchor.label if anchor else None,
        "tree_size": size,
        "root_hex": levels.root.hex(),
        "events": events,
    }
