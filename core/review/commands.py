"""The application's command for reviewing integrity flags (see core.review.aggregate)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, Recording

from core.domain.errors import ConcurrentModification
from core.domain.roles import Actor
from core.review.aggregate import FlagReview, review_id
from core.service.observing import observed


class FlagReviewCommands:
    """Mixed into the application: record an auditor's decision on a flag."""

    repository: Any

    if TYPE_CHECKING:  # the application's own, declared for the type checker only

        def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]: ...

    @observed
    def review_flag(
        self, actor: Actor, flag_id: str, case_id: UUID, decision: str, reason: str
    ) -> int:
        """Confirm or dismiss a flag with a reason; the notification id of the review."""
        try:
            review: FlagReview = self.repository.get(review_id(flag_id))
            review.revise(actor, decision, reason)
        except AggregateNotFoundError:
            review = FlagReview.review(actor, flag_id, case_id, decision, reason)
        try:
            recordings = self.save(review)
        except IntegrityError:
            raise ConcurrentModification(
                "another review of this flag was recorded just now; reload and try again"
            ) from None
        return int(recordings[-1].notification.id)
