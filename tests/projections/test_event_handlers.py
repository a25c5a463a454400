"""Read models choose handlers by event class, and every event that must be handled is."""

from __future__ import annotations

import pytest

from core.campaign.aggregate import Campaign
from core.campaign.indicators import IndicatorBook
from core.case.aggregate import Case
from core.domain.orgunits import OrgTree
from core.review.aggregate import FlagReview
from projections.cases.projection import CASE_EVENTS
from projections.flags.projection import REVIEWED_FLAG
from projections.outbox.projection import STATUS_AFTER
from projections.timeline.summaries import PUBLIC_EVENTS, Summaries
from tests.events import declared_events

CASE = set(declared_events(Case))
OTHERS = [
    cls for aggregate in (Campaign, IndicatorBook, FlagReview) for cls in declared_events(aggregate)
]


def test_every_case_event_has_timeline_lines() -> None:
    builders = set(Summaries(OrgTree.default()).builders)
    assert CASE - builders == set()
    assert builders - CASE == set()


def test_every_case_event_has_a_notification_decision() -> None:
    """A new event must say whether residents are told, and of which status."""
    assert CASE - set(STATUS_AFTER) == set()
    assert set(STATUS_AFTER) - CASE == set()


def test_public_timeline_events_are_case_events() -> None:
    assert PUBLIC_EVENTS <= CASE


def test_every_flag_review_event_names_its_flag() -> None:
    assert set(REVIEWED_FLAG) == set(declared_events(FlagReview))


@pytest.mark.parametrize(
    "event_class", sorted(CASE, key=lambda c: c.__qualname__), ids=lambda c: c.__qualname__
)
def test_case_read_models_handle_every_case_event(event_class: type) -> None:
    assert issubclass(event_class, CASE_EVENTS)


@pytest.mark.parametrize("event_class", OTHERS, ids=lambda c: c.__qualname__)
def test_case_read_models_pass_over_other_aggregates_events(event_class: type) -> None:
    """Campaigns, indicator books and flag reviews share the notification log with cases."""
    assert not issubclass(event_class, CASE_EVENTS)
