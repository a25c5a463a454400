"""The campaigns' service: campaigns and the binding-indicator books.

Their aggregates are stored by the cases' application, in the same event store and the same
notification log: the ledger seals a campaign's sampling frame and seed like any case event, and
a backup carries them. The case projections pass over events that are not a case's.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from core.campaign.aggregate import Campaign
from core.campaign.indicators import IndicatorBook, IndicatorValue, book_id
from core.campaign.rules import (
    CITY_WIDE,
    CampaignAction,
    Group,
    Outcome,
    check_campaign_reach,
    check_city_wide,
)
from core.domain.errors import ConcurrentModification, InvalidInput, NotFound
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.domain.values import Origin
from core.service.observing import observed
from core.topics import topics_of

T = TypeVar("T")


class CampaignNotFound(NotFound):
    """No campaign has that id."""

    code = "campaign_not_found"


@dataclass(frozen=True)
class CampaignSummary:
    id: UUID
    name: str
    starts_on: date
    ends_on: date
    status: str


class Campaigns:
    """Load, command, save, for campaigns (专项督查) and binding indicators (约束性指标)."""

    def __init__(self, app: Application[UUID], *, tree: OrgTree | None = None) -> None:
        self.app = app
        self.tree = tree or OrgTree.default()

    @property
    def repository(self) -> Any:
        return self.app.repository

    @property
    def recorder(self) -> Any:
        return self.app.recorder

    def save(self, *aggregates: Any) -> Any:
        return self.app.save(*aggregates)

    # -- campaigns ------------------------------------------------------------------------

    @observed
    def plan(
        self, actor: Actor, *, name: str, starts_on: date, ends_on: date, origins: list[Origin]
    ) -> UUID:
        if actor.role is Role.OFFICE:  # another role is refused for its role, by the plan
            check_city_wide(self.tree, actor)
        campaign = Campaign.plan(
            actor, name=name, starts_on=starts_on, ends_on=ends_on, origins=origins
        )
        self.save(campaign)
        return campaign.id

    def get(self, campaign_id: UUID) -> Campaign:
        try:
            campaign: Campaign = self.repository.get(campaign_id)
        except AggregateNotFoundError:
            raise CampaignNotFound(
                "no campaign with id %(campaign_id)s", campaign_id=campaign_id
            ) from None
        if not isinstance(campaign, Campaign):
            raise CampaignNotFound("no campaign with id %(campaign_id)s", campaign_id=campaign_id)
        return campaign

    def campaigns(self) -> list[CampaignSummary]:
        """Every campaign, newest first (campaigns are few: one read of their creation events)."""
        created = self.recorder.select_notifications(
            start=1, limit=10_000, topics=topics_of(Campaign.Planned)
        )
        found = [self.get(UUID(str(n.originator_id))) for n in created]
        return [
            CampaignSummary(c.id, c.name, c.starts_on, c.ends_on, c.status.value)
            for c in reversed(found)
        ]

    @observed
    def run(
        self,
        campaign_id: UUID,
        command: Callable[[Campaign], T],
        expected_version: int | None = None,
    ) -> T:
        """Load, check the version the user saw, run the command, save; the command's result."""
        campaign = self.get(campaign_id)
        if expected_version is not None and campaign.version != expected_version:
            raise ConcurrentModification(
                "the campaign changed since you opened it"
                " (version %(expected_version)s, now %(version)s); reload and try again",
                expected_version=expected_version,
                version=campaign.version,
            )
        result = command(campaign)
        try:
            self.save(campaign)
        except IntegrityError:
            raise ConcurrentModification(
                "the campaign was changed by someone else just now; reload and try again"
            ) from None
        return result

    def _reach(
        self,
        actor: Actor,
        action: CampaignAction,
        districts: Sequence[str] = (),
        group_id: str = "",
    ) -> None:
        check_campaign_reach(self.tree, actor, action, districts, group_id)

    @staticmethod
    def _districts_of(campaign: Campaign, group_id: str) -> list[str]:
        return list(campaign.groups.get(group_id, {}).get("districts", []))

    def assign_group(self, actor: Actor, campaign_id: UUID, group: Group) -> None:
        self._reach(actor, CampaignAction.ASSIGN_GROUP)
        self.run(campaign_id, lambda c: c.assign_group(actor, self.tree, group))

    def move_on(
        self, actor: Actor, campaign_id: UUID, action: CampaignAction, version: int | None = None
    ) -> None:
        if action in CITY_WIDE:
            self._reach(actor, action)
        self.run(campaign_id, lambda c: c.move_on(actor, action), version)

    def draw_sample(
        self,
        actor: Actor,
        campaign_id: UUID,
        group_id: str,
        district_id: str,
        *,
        frame: Sequence[str],
        size: int,
        reason: str = "",
        seed: int | None = None,
    ) -> list[str]:
        """Draw (or, with a reason, redraw) a sample; the seed is recorded with the frame."""
        chosen_seed = secrets.randbits(48) if seed is None else seed

        def command(campaign: Campaign) -> list[str]:
            self._reach(actor, CampaignAction.DRAW_SAMPLE, [district_id], group_id)
            return campaign.draw_sample(
                actor,
                group_id,
                district_id,
                frame=list(frame),
                seed=chosen_seed,
                size=size,
                reason=reason,
            )

        return self.run(campaign_id, command)

    def record_check(
        self,
        actor: Actor,
        campaign_id: UUID,
        group_id: str,
        district_id: str,
        reference: str,
        *,
        passed: bool,
        note: str,
    ) -> None:
        def command(campaign: Campaign) -> None:
            self._reach(actor, CampaignAction.RECORD_CHECK, [district_id], group_id)
            campaign.record_check(actor, group_id, district_id, reference, passed, note)

        self.run(campaign_id, command)

    def draft_report(self, actor: Actor, campaign_id: UUID, group_id: str, **report: Any) -> None:
        def command(campaign: Campaign) -> None:
            districts = self._districts_of(campaign, group_id)
            self._reach(actor, CampaignAction.DRAFT_REPORT, districts, group_id)
            campaign.draft_report(actor, group_id, **report)

        self.run(campaign_id, command)

    def sign_off_report(self, actor: Actor, campaign_id: UUID, group_id: str) -> None:
        def command(campaign: Campaign) -> None:
            districts = self._districts_of(campaign, group_id)
            self._reach(actor, CampaignAction.SIGN_OFF_REPORT, districts)
            campaign.sign_off_report(actor, group_id)

        self.run(campaign_id, command)

    def decide_outcome(
        self,
        actor: Actor,
        campaign_id: UUID,
        district_id: str,
        outcome: Outcome,
        reason: str,
        score: float | None,
    ) -> None:
        self._reach(actor, CampaignAction.DECIDE_OUTCOME)
        self.run(
            campaign_id, lambda c: c.decide_outcome(actor, district_id, outcome, reason, score)
        )

    # -- binding indicators -----------------------------------------------------------------

    def indicator_book(self, year: int) -> IndicatorBook | None:
        try:
            book: IndicatorBook = self.repository.get(book_id(year))
        except AggregateNotFoundError:
            return None
        return book if isinstance(book, IndicatorBook) else None

    @observed
    def record_indicators(self, actor: Actor, values: Sequence[IndicatorValue], source: str) -> int:
        """Record checked values, one event per year's book; returns how many were recorded."""
        if not values:
            raise InvalidInput("there are no values to record")
        books = []
        for year in sorted({v.year for v in values}):
            book = self.indicator_book(year) or IndicatorBook.open(year)
            book.record(actor, [v for v in values if v.year == year], source)
            books.append(book)
        try:
            self.save(*books)
        except IntegrityError:
            raise ConcurrentModification(
                "the indicators were changed by someone else just now; try again"
            ) from None
        return len(values)
