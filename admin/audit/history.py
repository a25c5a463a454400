"""What auditors read of a case: its events as records, its state at a version, and differences.

Auditors (审计 / 纪检) read everything except complainant identity. Identity never enters an
event, but three things come close and are held back here: contact details a resident typed into
free text (masked as on public pages), the hashes of residents' tracking secrets, and the raw
EXIF of a resident's photo (its time, GPS point and software could point at the resident). The
EXIF of staff uploads is shown in full: it is what the anti-fake-rectification checks read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from core.case.aggregate import Case
from core.case.kinds import kind_of
from core.domain.errors import CaseNotFound, InvalidInput
from core.domain.roles import Actor, Role
from core.domain.values import Place
from core.service.application import Ducha
from projections.public.redaction import public_title, redact
from projections.timeline.summaries import Summaries

#: Attributes every event has; they are shown in their own columns, not among its fields.
_EVENT_FRAME = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "actor"}
    | {"effective_date"}
)
#: Hashes of residents' tracking secrets: a credential's hash, of no use to an audit.
WITHHELD_EVENT_FIELDS = frozenset({"tracking_secret_hash"})
WITHHELD_STATE_FIELDS = frozenset({"tracking_secret_hashes"})
#: What auditors see of a resident's photo record; its raw EXIF (time, GPS, software) is held back.
RESIDENT_UPLOAD_METADATA = frozenset({"public_sha256", "perceptual_hash", "width", "height"})
WITHHELD = "(withheld)"
#: The aggregate's bookkeeping attributes; version and times are shown from the events instead.
_CASE_INTERNALS = frozenset({"_id", "_version", "_created_on", "_modified_on", "_pending_events"})
#: State fields shown first, in this order; the rest follow alphabetically.
_STATE_FIRST = ("reference", "title", "status", "origin", "categories", "place", "deadline")


def plain(value: Any) -> Any:
    """A value as JSON holds it: enums by value, dates in ISO form, records as objects."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Actor | Place):
        return value.as_dict()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def _masked(value: Any) -> Any:
    """Free text with typed-in contact details masked, through lists and objects."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


#: Events whose text comes from residents even when staff record it (a complaint taken by phone).
_RESIDENTS_WORDS = (Case.Reported, Case.ComplaintLinked, Case.ObjectionRaised, Case.FeedbackGiven)


#: The same events by name, for rows of the read side.
RESIDENTS_EVENT_TYPES = frozenset(kind.__name__ for kind in _RESIDENTS_WORDS)


def _resident_text(event: Any) -> bool:
    return event.actor.role is Role.RESIDENT or isinstance(event, _RESIDENTS_WORDS)


def residents_words(event_type: str, role: str) -> bool:
    """Whether a timeline row's text comes from a resident (and is masked for auditors)."""
    return role == Role.RESIDENT.value or event_type in RESIDENTS_EVENT_TYPES


def event_fields(event: Any) -> dict[str, Any]:
    """An event's own data, as auditors may see it."""
    fields: dict[str, Any] = {}
    for name, value in vars(event).items():
        if name in _EVENT_FRAME:
            continue
        fields[name] = WITHHELD if name in WITHHELD_EVENT_FIELDS else plain(value)
    if isinstance(event, Case.EvidenceAttached) and event.actor.role is Role.RESIDENT:
        metadata = fields.get("metadata") or {}
        fields["metadata"] = {
            name: value if name in RESIDENT_UPLOAD_METADATA else WITHHELD
            for name, value in metadata.items()
        }
    return _masked(fields) if _resident_text(event) else fields


@dataclass(frozen=True)
class EventRecord:
    """One event as auditors read it: who, when (recorded and claimed), what."""

    version: int
    event_type: str
    user_id: str
    unit_id: str
    role: str
    recorded_at: datetime
    effective_date: date | None
    summary_zh: str
    summary_en: str
    fields: dict[str, Any] = field(default_factory=dict)

    def local_time(self, zone: ZoneInfo) -> datetime:
        return self.recorded_at.astimezone(zone)

    def claimed_date(self, zone: ZoneInfo) -> date | None:
        """The claimed date where it differs from the day the event was recorded."""
        if self.effective_date is None or self.effective_date == self.local_time(zone).date():
            return None
        return self.effective_date

    def summary(self, english: bool) -> str:
        return self.summary_en if english else self.summary_zh

    def as_json(self, zone: ZoneInfo) -> dict[str, Any]:
        return {
            "version": self.version,
            "event_type": self.event_type,
            "actor": {"user_id": self.user_id, "unit_id": self.unit_id, "role": self.role},
            "recorded_at": self.local_time(zone).isoformat(),
            "effective_date": plain(self.effective_date),
            "summary_zh": self.summary_zh,
            "summary_en": self.summary_en,
            "fields": self.fields,
        }


def event_records(app: Ducha, case_id: UUID) -> list[EventRecord]:
    """Every event of the case, oldest first (CaseNotFound for an unknown case)."""
    summaries = Summaries(app.tree)
    records = []
    for event in app.history(case_id):
        actor: Actor = event.actor  # type: ignore[attr-defined]
        zh, en = summaries.lines(event)
        if _resident_text(event):
            zh, en = redact(zh), redact(en)
        records.append(
            EventRecord(
                version=event.originator_version,
                event_type=kind_of(event).value,
                user_id=actor.user_id,
                unit_id=actor.unit_id,
                role=actor.role.value,
                recorded_at=event.timestamp,
                effective_date=getattr(event, "effective_date", None),
                summary_zh=zh,
                summary_en=en,
                fields=event_fields(event),
            )
        )
    return records


def state_fields(case: Case) -> dict[str, Any]:
    """The case's state as named fields, the most telling first; withheld fields left out."""
    fields: dict[str, Any] = {"version": case.version}
    for name, value in vars(case).items():
        if name in _CASE_INTERNALS:
            continue
        name = name.lstrip("_")  # origin, status, categories sit behind properties
        if name not in WITHHELD_STATE_FIELDS:
            fields[name] = plain(value)
    fields["description"] = redact(fields.get("description"))
    fields["title"] = public_title(case.title, case.description)
    if isinstance(fields.get("place"), dict):
        fields["place"] = {**fields["place"], "address": redact(fields["place"].get("address"))}
    first = [name for name in _STATE_FIRST if name in fields]
    rest = sorted(name for name in fields if name not in first and name != "version")
    return {name: fields[name] for name in ["version", *first, *rest]}


def version_number(text: str | None, latest: int) -> int:
    """A version the user typed, checked against the case's range."""
    try:
        number = int((text or "").strip())
    except ValueError:
        raise InvalidInput(
            _("A version is a whole number from 1 to %(latest)s.", latest=latest)
        ) from None
    if not 1 <= number <= latest:
        raise InvalidInput(
            _("A version must lie between 1 and %(latest)s, not %(n)s.", latest=latest, n=number)
        )
    return number


def moment_from_text(text: str, zone: ZoneInfo) -> datetime:
    """A date and time the user typed (ISO, local time unless it names an offset)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            _("%(text)s is not a date and time like 2026-11-02T09:30.", text=text.strip())
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def state_at(
    app: Ducha, case_id: UUID, *, version: int | None = None, moment: datetime | None = None
) -> Case:
    """The case replayed up to a version, or as it stood at a moment."""
    if moment is not None:
        try:
            return app.state_as_of(case_id, moment)
        except CaseNotFound:
            raise InvalidInput(
                _("The case did not exist yet at %(moment)s.", moment=moment.isoformat())
            ) from None
    return app.get(case_id, version=version)


@dataclass(frozen=True)
class Change:
    name: str
    old: Any
    new: Any


def differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The state fields that differ between two states, in the order of the newer one."""
    names = list(new) + [name for name in old if name not in new]
    return [
        Change(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]


def between(records: Iterable[EventRecord], low: int, high: int) -> list[EventRecord]:
    """The events that lead from version `low` to version `high`."""
    return [r for r in records if low < r.version <= high]
