"""Separation of duties (R1): the doer never accepts, the requester never grants, the claimant
never closes. Pure checks over what the case remembers of who did what this round."""

from __future__ import annotations

from collections.abc import Iterable

from core.domain.errors import SeparationOfDuties
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor


def check_not_doer(
    tree: OrgTree,
    actor: Actor,
    doers: Iterable[str],
    doer_units: Iterable[str],
    responsible_unit: str | None,
    what: str,
) -> None:
    """The verifier is neither a person nor a unit that did the rectification, nor below one."""
    if actor.user_id in set(doers):
        raise SeparationOfDuties(
            "you worked on this rectification, so you cannot %(what)s it", what=what
        )
    units = {*doer_units, *([responsible_unit] if responsible_unit else [])}
    for unit in units:
        if tree.is_within(actor.unit_id, unit):
            raise SeparationOfDuties(
                "%(unit)s is the responsible unit or below it,"
                " so it cannot %(what)s the rectification",
                unit=tree.get(actor.unit_id).name,
                what=what,
            )


def check_not_same(actor: Actor, user_id: str | None, unit_id: str | None, what: str) -> None:
    """The actor is neither the person nor the unit that did the earlier step."""
    if user_id is not None and actor.user_id == user_id:
        raise SeparationOfDuties("the same person cannot %(what)s", what=what)
    if unit_id is not None and actor.unit_id == unit_id:
        raise SeparationOfDuties("the same unit cannot %(what)s", what=what)
