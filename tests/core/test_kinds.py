"""Each Case event's kind, the name read models store and rules read, is fixed by its class."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.case.aggregate import Case
from core.case.kinds import KIND_OF, EventKind, kind_of
from core.domain.roles import Actor, Role
from core.review.aggregate import FlagReview
from tests.events import declared_events


def test_every_case_event_class_has_a_kind() -> None:
    assert set(declared_events(Case)) - set(KIND_OF) == set()
    assert set(KIND_OF) - set(declared_events(Case)) == set()


def test_no_two_event_classes_share_a_kind() -> None:
    assert sorted(KIND_OF.values()) == sorted(EventKind)


def test_each_kind_is_the_name_its_events_are_stored_under() -> None:
    """Timeline rows and flag explanations hold these names. A class renamed later keeps its
    kind (and registers its old topic in core.topics); this test then lists the exception."""
    assert {cls: kind.value for cls, kind in KIND_OF.items()} == {
        cls: cls.__name__ for cls in KIND_OF
    }


def test_only_case_events_have_a_kind() -> None:
    auditor = Actor("u-auditor", "jc", Role.AUDITOR)
    review = FlagReview.review(auditor, "flag-1", uuid4(), "dismissed", "explained by the unit")
    (reviewed,) = review.collect_events()
    with pytest.raises(KeyError):
        kind_of(reviewed)
