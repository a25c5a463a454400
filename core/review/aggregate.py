"""The review (复核) of one integrity flag by an auditor: an aggregate per flag id, so a case's
history stays about the case. Rules raise flags; only a person confirms or dismisses them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from core.domain.errors import InvalidInput, PermissionDenied
from core.domain.roles import Actor, Role

REASON_LIMIT = 4_000


class Decision(StrEnum):
    CONFIRMED = "confirmed"  # the flag shows a real problem
    DISMISSED = "dismissed"  # the flag is explained and needs no action


def review_id(flag_id: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"ducha:flag-review:{flag_id}")


def _checked(actor: Actor, decision: str, reason: str) -> tuple[Decision, str]:
    """Only an auditor reviews; the decision is one of Decision; a reason is required."""
    if actor.role is not Role.AUDITOR:
        raise PermissionDenied(
            "the %(role)s role may not review integrity flags", role=actor.role.value
        )
    try:
        chosen = Decision(decision)
    except ValueError:
        raise InvalidInput("a review confirms or dismisses the flag") from None
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a review needs a reason")
    if len(reason) > REASON_LIMIT:
        raise InvalidInput("a reason is at most %(limit)s characters", limit=REASON_LIMIT)
    return chosen, reason


class FlagReview(Aggregate):
    """The reviews of one flag, latest last."""

    class Reviewed(Aggregate.Created):
        actor: Actor
        flag_id: str
        case_id: UUID
        decision: str
        reason: str

    class Revised(Aggregate.Event):
        """A later review of the same flag (new facts, or a second auditor)."""

        actor: Actor
        decision: str
        reason: str

        def apply(self, review: FlagReview) -> None:
            review.decision = self.decision
            review.reason = self.reason
            review.reviewer = self.actor.user_id

    @staticmethod
    def create_id(flag_id: str, **_: Any) -> UUID:
        return review_id(flag_id)

    @classmethod
    def review(
        cls, actor: Actor, flag_id: str, case_id: UUID, decision: str, reason: str
    ) -> FlagReview:
        """The first review of a flag."""
        chosen, reason = _checked(actor, decision, reason)
        if not flag_id:
            raise InvalidInput("which flag?")
        return cls(actor, flag_id, case_id, chosen.value, reason)

    @event(Reviewed)
    def __init__(
        self, actor: Actor, flag_id: str, case_id: UUID, decision: str, reason: str
    ) -> None:
        self.flag_id = flag_id
        self.case_id = case_id
        self.decision = decision
        self.reason = reason
        self.reviewer = actor.user_id

    def revise(self, actor: Actor, decision: str, reason: str) -> None:
        chosen, reason = _checked(actor, decision, reason)
        self.trigger_event(self.Revised, actor=actor, decision=chosen.value, reason=reason)
