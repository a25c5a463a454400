"""Which of an official's grants act together, and which of them acts on a given case.

An official of a responsible unit (责任单位) often holds the role on several units: a district's
unit that also answers for its townships' cases, or grants on a few units at once. They act for
all of them without switching: their lists hold the cases of every unit their grants of that role
cover, and an action on a case is recorded under the grant whose jurisdiction holds the case. The
domain still checks that grant's jurisdiction, so a case of a unit no grant covers stays refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.domain.errors import PermissionDenied
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role, check_jurisdiction
from stores.staff import Grant

#: Roles whose grants on several units act together; other roles act under one chosen grant.
JOINT_ROLES = frozenset({Role.UNIT})


def acting_actors(username: str, grants: Sequence[Grant], chosen: Grant) -> list[Actor]:
    """The chosen grant's actor first; for a joint role, then the official's other grants of it."""
    actors = [Actor(user_id=username, unit_id=chosen.unit_id, role=chosen.role)]
    if chosen.role in JOINT_ROLES:
        actors += [
            Actor(user_id=username, unit_id=g.unit_id, role=g.role)
            for g in grants
            if g.role is chosen.role and g.id != chosen.id
        ]
    return actors


def actor_for_case(
    tree: OrgTree, actors: Sequence[Actor], location_unit: str, responsible_unit: str | None
) -> Actor:
    """The first actor whose jurisdiction holds the case; the first one when none does, so that
    the refusal that follows names the grant the official chose."""
    for actor in actors:
        try:
            check_jurisdiction(tree, actor, location_unit, responsible_unit)
        except PermissionDenied:
            continue
        return actor
    return actors[0]
