"""The context a command runs in: who acts, when, and under which reference data and rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.domain.deadlines import DeadlinePolicy
from core.domain.errors import InvalidInput
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor


@dataclass(frozen=True)
class Context:
    """Everything a command needs besides the case: the actor, the time, the tree, the policy.

    Rules take the actor and the time as arguments and do no I/O; this bundles them.
    """

    actor: Actor
    now: datetime
    tree: OrgTree
    policy: DeadlinePolicy

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise InvalidInput("a command's time must carry a time zone")

    @property
    def today(self) -> date:
        return self.now.date()
