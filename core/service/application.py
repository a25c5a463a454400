"""The application service: load, command, save. The only way anything writes a case."""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper

from core.case.aggregate import Case
from core.case.references import case_id_for, next_free, reference, series_for
from core.case.unique_keys import UniqueKey, external_key, key_id
from core.domain.context import Context
from core.domain.deadlines import DeadlinePolicy
from core.domain.errors import CaseNotFound, ConcurrentModification, InvalidInput
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor
from core.domain.transcodings import all_transcodings
from core.domain.values import Category, Channel, Evidence, Origin, Place
from core.review.commands import FlagReviewCommands
from core.service.case_commands import CaseCommands, changed_since
from core.service.contacts import Contact, ContactStore
from core.service.observing import RequestMapper, observed
from core.service.papers import PaperCommands
from core.topics import register_moved_topics

_REPORT_ATTEMPTS = 200


@dataclass(frozen=True)
class ReportReceipt:
    """What a report returns: ids, and for complaints the tracking secret (shown once).

    `created` is False when the platform's number was registered before: the receipt is then
    the existing case's, without a secret, and nothing new was recorded (notification id 0).
    """

    case_id: UUID
    reference: str
    notification_id: int
    tracking_secret: str | None = None
    created: bool = True


class _AlreadyRegistered(Exception):
    def __init__(self, case_id: UUID) -> None:
        self.case_id = case_id


def hash_secret(secret: str) -> str:
    """Tracking secrets are 128 random bits, so a plain SHA-256 is enough to store them."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Ducha(CaseCommands, FlagReviewCommands, Application[UUID], PaperCommands):
    """Ducha's one application service. `name` is fixed so table names survive a rename."""

    name = "ducha"
    snapshotting_intervals = {Case: 100}

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        tree: OrgTree | None = None,
        policy: DeadlinePolicy | None = None,
        contacts: ContactStore | None = None,
        timezone: str = "Asia/Shanghai",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        register_moved_topics()  # events recorded before a module moved still load
        super().__init__(env)
        self.tree = tree or OrgTree.default()
        self.policy = policy or DeadlinePolicy()
        self.contacts = contacts
        self.zone = ZoneInfo(timezone)
        self._clock = clock or (lambda: datetime.now(self.zone))
        self._last_number: dict[str, int] = {}
        self._last_paper = {}

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in all_transcodings():
            transcoder.register(transcoding)

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(self.construct_transcoder(), mapper_class=RequestMapper)

    def context(self, actor: Actor) -> Context:
        return Context(actor=actor, now=self._clock(), tree=self.tree, policy=self.policy)

    # -- creating cases ---------------------------------------------------------------------

    def report(
        self,
        actor: Actor,
        *,
        origin: Origin,
        title: str,
        description: str,
        categories: list[Category],
        place: Place,
        external_ref: str | None = None,
        contact: Contact | None = None,
        effective_date: date | None = None,
        evidence: Sequence[Evidence] = (),
        channel: Channel | None = None,
        received_at: datetime | None = None,
        deadline: date | None = None,
    ) -> ReportReceipt:
        """Report a complaint or register a problem, with its photos, in one save.

        Identity goes to the contact store only, and where the complainant typed their own
        name, phone, e-mail or ID number into the text, it is masked there; the tracking secret
        is returned once. A
        complaint that came with a channel's own number is registered once: the same number
        for the same channel again returns the existing case (`created` False).
        """
        secret = secrets.token_urlsafe(16) if origin == Origin.RESIDENT_COMPLAINT else None
        external_ref = (external_ref or "").strip() or None
        key = external_key(Channel(channel), external_ref) if channel and external_ref else None
        if contact is not None:
            title, description = contact.masked_in(title), contact.masked_in(description)
            place = replace(place, address=contact.masked_in(place.address))

        def build(ctx: Context, reference: str) -> list[Any]:
            if key is not None and self._key_taken(key):
                raise _AlreadyRegistered(self._key_holder(key))
            case = Case.report(
                ctx,
                reference=reference,
                origin=origin,
                title=title,
                description=description,
                categories=categories,
                place=place,
                external_ref=external_ref,
                tracking_secret_hash=hash_secret(secret) if secret else None,
                effective_date=effective_date,
                channel=channel,
                received_at=received_at,
                deadline=deadline,
            )
            for item in evidence:
                case.attach_reported(ctx, item)
            if key is None:
                return [case]
            return [case, UniqueKey(key=key, case_id=case.id, actor=ctx.actor)]

        try:
            receipt = self._create(actor, origin, build, contact)
        except _AlreadyRegistered as found:
            existing = self.get(found.case_id)
            return ReportReceipt(existing.id, existing.reference, 0, None, created=False)
        return ReportReceipt(receipt.case_id, receipt.reference, receipt.notification_id, secret)

    def _key_taken(self, key: str) -> bool:
        return bool(self.recorder.select_events(key_id(key), limit=1))

    def _key_holder(self, key: str) -> UUID:
        holder = self.repository.get(key_id(key))
        assert isinstance(holder, UniqueKey)
        return holder.case_id

    def add_measure(
        self,
        actor: Actor,
        parent_id: UUID,
        *,
        title: str,
        description: str,
        categories: list[Category] | None = None,
        external_ref: str | None = None,
        deadline: date | None = None,
    ) -> ReportReceipt:
        """Register a measure (整改措施) under a problem; both are saved together."""

        def build(ctx: Context, reference: str) -> list[Case]:
            parent = self.get(parent_id)
            child = Case.report(
                ctx,
                reference=reference,
                origin=Origin.MEASURE,
                title=title,
                description=description,
                categories=categories or list(parent.categories),
                place=parent.place,
                external_ref=external_ref,
                parent_id=parent.id,
                deadline=deadline,
            )
            parent.record_measure(ctx, child.id, reference)
            return [child, parent]

        return self._create(actor, Origin.MEASURE, build, None)

    @observed
    def _create(
        self,
        actor: Actor,
        origin: Origin,
        build: Callable[[Context, str], list[Any]],
        contact: Contact | None,
    ) -> ReportReceipt:
        """Number the case and save it (with what else `build` returns, the case first); if
        another writer took the number, take the next."""
        for _attempt in range(_REPORT_ATTEMPTS):
            ctx = self.context(actor)
            series = series_for(origin, ctx.today)
            number = self._next_number(series)
            cases = build(ctx, reference(series, number))
            contact_id = self._keep_contact(cases[0].id, contact)
            try:
                recordings = self.save(*cases)
            except IntegrityError:  # the number (or a parent's version) was taken meanwhile
                self._discard_contact(contact_id)
                time.sleep(random.uniform(0, 0.002))
                continue
            self._last_number[series] = number
            return ReportReceipt(cases[0].id, cases[0].reference, recordings[-1].notification.id)
        raise ConcurrentModification("too many simultaneous reports; please try again")

    def _next_number(self, series: str) -> int:
        """The next free number of the series, starting from the last one this process used."""

        def taken(number: int) -> bool:
            return bool(
                self.recorder.select_events(case_id_for(reference(series, number)), limit=1)
            )

        return next_free(taken, self._last_number.get(series, 0))

    def add_complaint(
        self,
        actor: Actor,
        case_id: UUID,
        *,
        summary: str,
        contact: Contact | None = None,
        evidence: Sequence[Evidence] = (),
    ) -> ReportReceipt:
        """A resident adds their report to an existing case instead of opening a new one.

        It counts as a repeat complaint, and the resident gets a tracking secret of their own.
        """
        secret = secrets.token_urlsafe(16)
        if contact is not None:
            summary = contact.masked_in(summary)
        contact_id = self._keep_contact(case_id, contact)

        def link(case: Case, ctx: Context) -> None:
            case.link_complaint(ctx, summary, "portal", hash_secret(secret))
            for item in evidence:
                case.attach(ctx, item)

        try:
            notification_id = self.run(actor, case_id, link)
        except Exception:
            self._discard_contact(contact_id)
            raise
        return ReportReceipt(case_id, self.get(case_id).reference, notification_id, secret)

    def _keep_contact(self, case_id: UUID, contact: Contact | None) -> int | None:
        if contact is None or contact.is_empty:
            return None
        if self.contacts is None:
            raise InvalidInput("this deployment has no store for complainant contacts")
        return self.contacts.put(case_id, contact)

    def _discard_contact(self, contact_id: int | None) -> None:
        if contact_id is not None and self.contacts is not None:
            self.contacts.discard(contact_id)

    # -- reading cases ----------------------------------------------------------------------

    def get(self, case_id: UUID, version: int | None = None) -> Case:
        try:
            case: Case = self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise CaseNotFound("no case with id %(case_id)s", case_id=case_id) from None
        if not isinstance(case, Case):
            raise CaseNotFound("no case with id %(case_id)s", case_id=case_id)
        return case

    def get_by_reference(self, reference: str) -> Case:
        return self.get(case_id_for(reference.strip().upper()))

    def history(self, case_id: UUID) -> list[DomainEvent]:
        events = [cast(DomainEvent, e) for e in self.events.get(case_id)]
        if not events:
            raise CaseNotFound("no case with id %(case_id)s", case_id=case_id)
        return events

    def state_as_of(self, case_id: UUID, moment: datetime) -> Case:
        """The case as it stood at `moment` (the last event recorded at or before it)."""
        if moment.tzinfo is None:
            raise InvalidInput("a moment must carry a time zone")
        version = None
        for domain_event in self.history(case_id):
            if domain_event.timestamp > moment:  # every stored event has one
                break
            version = domain_event.originator_version
        if version is None:
            raise CaseNotFound(
                "case %(case_id)s did not exist at %(moment)s",
                case_id=case_id,
                moment=moment.isoformat(),
            )
        return self.get(case_id, version=version)

    def children_of(self, case: Case) -> Iterator[Case]:
        for child_id in case.children:
            yield self.get(UUID(child_id))

    # -- commands on a case -----------------------------------------------------------------

    @observed
    def run(
        self,
        actor: Actor,
        case_id: UUID,
        command: Callable[[Case, Context], Any],
        expected_version: int | None = None,
        *also: Case,
    ) -> int:
        """Load, check the version the user saw, run the command, save; the notification id."""
        case = self.get(case_id)
        if expected_version is not None and case.version != expected_version:
            raise changed_since(case, expected_version)
        command(case, self.context(actor))
        try:
            recordings = self.save(case, *also)
        except IntegrityError:
            raise ConcurrentModification(
                "case %(reference)s was changed by someone else just now; reload and try again",
                reference=case.reference,
            ) from None
        return recordings[-1].notification.id
