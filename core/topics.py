"""Stored topics of aggregates whose module moved.

A stored event names its class by topic (``module:QualName``), written when it was recorded and
never rewritten. When an aggregate's module moves, its old topic is registered here, so that
events recorded before the move still load, and queries by topic ask for both names.
"""

from __future__ import annotations

from eventsourcing.utils import get_topic, register_topic

from core.campaign.aggregate import Campaign
from core.campaign.indicators import IndicatorBook
from core.case.aggregate import Case
from core.review.aggregate import FlagReview

#: old topic of an aggregate class -> the class now; nested event classes resolve through it
MOVED: dict[str, type] = {
    "core.domain.case:Case": Case,
    "core.domain.campaign:Campaign": Campaign,
    "core.domain.indicators:IndicatorBook": IndicatorBook,
    "core.domain.flag_review:FlagReview": FlagReview,
}


def register_moved_topics() -> None:
    """Let events stored under an old topic resolve to the class that moved (idempotent)."""
    for topic, cls in MOVED.items():
        register_topic(topic, cls)


def topics_of(cls: type) -> list[str]:
    """Every topic under which events of `cls` may be stored: its own, then those before a move."""
    topic = get_topic(cls)
    module, _, qualname = topic.partition(":")
    older = [
        f"{old.partition(':')[0]}:{qualname}"
        for old, moved in MOVED.items()
        if get_topic(moved).partition(":")[0] == module
        and qualname.split(".")[0] == moved.__qualname__
    ]
    return [topic, *older]
