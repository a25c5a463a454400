"""Work queues: what waits for each role, limited to the actor's jurisdiction.

The jurisdiction is the subtree of the unit the role is granted on plus the units it `covers`
(core.domain.roles.check_jurisdiction). A responsible unit sees the cases transferred to it or a
unit below it; every other staff role sees the cases located in its units, and those whose
responsible unit lies there (exactly the cases it may act on).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true

from core.case.statuses import Status
from core.domain.errors import InvalidInput, PermissionDenied
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from projections.cases.projection import case_rows
from projections.cases.queries import Bind, CaseRow, Page, connect, fetch_page, overdue_condition

c = case_rows.c
Condition = Callable[[date], ColumnElement[bool]]


@dataclass(frozen=True)
class Queue:
    """A named queue: the roles that work it and the rows waiting in it for a given day."""

    name: str
    roles: frozenset[Role]
    condition: Condition


def _status(*statuses: Status) -> Condition:
    values = [s.value for s in statuses]
    return lambda _today: c.status.in_(values)


STAFF = frozenset(Role) - {Role.RESIDENT}

#: Every queue, in the order the web layers show them.
QUEUES: tuple[Queue, ...] = (
    Queue("new_complaints", frozenset({Role.INTAKE}), _status(Status.REPORTED)),
    Queue("to_transfer", frozenset({Role.OFFICE}), _status(Status.ACCEPTED)),
    Queue(
        "plans_to_approve",
        frozenset({Role.OFFICE}),
        lambda _today: and_(c.status == Status.RECTIFYING.value, c.plan_status == "submitted"),
    ),
    Queue(
        "extensions_to_decide",
        frozenset({Role.OFFICE, Role.LEADER}),
        lambda _today: c.extension_pending.is_(True),
    ),
    Queue("open_notices", frozenset({Role.OFFICE}), _status(Status.PUBLIC_NOTICE)),
    Queue(
        "ready_to_close",
        frozenset({Role.OFFICE}),
        lambda _today: and_(c.status == Status.PUBLIC_NOTICE.value, c.signed_off.is_(True)),
    ),
    Queue("to_acknowledge", frozenset({Role.UNIT}), _status(Status.TRANSFERRED, Status.REBOUNDED)),
    Queue("in_rectification", frozenset({Role.UNIT}), _status(Status.RECTIFYING)),
    Queue("awaiting_acceptance", frozenset({Role.INSPECTOR}), _status(Status.ACCEPTANCE_REQUESTED)),
    Queue(
        "awaiting_sign_off",
        frozenset({Role.LEADER}),
        lambda today: and_(
            c.status == Status.PUBLIC_NOTICE.value,
            c.signed_off.is_(False),
            c.open_objections == 0,
            c.notice_ends_on.is_not(None),
            c.notice_ends_on < today,
        ),
    ),
    Queue("overdue", STAFF, overdue_condition),
)
_BY_NAME = {q.name: q for q in QUEUES}


def queue_names_for(role: Role) -> list[str]:
    """The queues a role works, in display order; none for residents."""
    return [q.name for q in QUEUES if role in q.roles]


def jurisdiction(tree: OrgTree, actor: Actor) -> set[str] | None:
    """The unit ids the actor reaches; None when it reaches the whole tree (no filter needed)."""
    grant = tree.get(actor.unit_id)
    if grant.id == tree.root.id or tree.root.id in grant.covers:
        return None
    return {u.id for u in tree if tree.reaches(grant.id, u.id)}


def jurisdiction_condition(tree: OrgTree, actor: Actor) -> ColumnElement[bool]:
    """Rows the actor may act on, following check_jurisdiction."""
    units = jurisdiction(tree, actor)
    if actor.role is Role.UNIT:
        if units is None:
            return c.responsible_unit.is_not(None)
        return c.responsible_unit.in_(sorted(units))
    if units is None:
        return true()
    if not units:
        return false()
    ids = sorted(units)
    return or_(c.district_id.in_(ids), c.township_id.in_(ids), c.responsible_unit.in_(ids))


def reach_condition(tree: OrgTree, actors: Actor | Sequence[Actor]) -> ColumnElement[bool]:
    """Rows any of the actors may act on: one official's grants of one role, acting together."""
    return or_(false(), *(jurisdiction_condition(tree, a) for a in as_actors(actors)))


def as_actors(actors: Actor | Sequence[Actor]) -> list[Actor]:
    """One actor or several of one role (the first is the grant chosen to act under)."""
    found = [actors] if isinstance(actors, Actor) else list(actors)
    if not found or len({a.role for a in found}) > 1:
        raise ValueError("one or more actors of one role are needed")
    return found


def _queue(actor: Actor, name: str) -> Queue:
    queue = _BY_NAME.get(name)
    if queue is None:
        raise InvalidInput(f"there is no work queue called {name!r}")
    if actor.role not in queue.roles:
        raise PermissionDenied(f"the {actor.role.value} role has no {name!r} queue")
    return queue


def work_queue(
    bind: Bind,
    tree: OrgTree,
    actor: Actor | Sequence[Actor],
    queue_name: str,
    today: date,
    page: int = 1,
    page_size: int = 50,
) -> Page[CaseRow]:
    """One page of a queue for the actor (or the actors of one role), latest change first."""
    queue = _queue(as_actors(actor)[0], queue_name)
    conditions = [reach_condition(tree, actor), queue.condition(today)]
    return fetch_page(bind, conditions, today, page, page_size)


def queue_counts(
    bind: Bind, tree: OrgTree, actor: Actor | Sequence[Actor], today: date
) -> dict[str, int]:
    """How many rows wait in each of the actor's queues (every queue of the role, zeros too)."""
    names = queue_names_for(as_actors(actor)[0].role)
    if not names:
        return {}
    mine = reach_condition(tree, actor)
    columns = [func.count().filter(_BY_NAME[name].condition(today)).label(name) for name in names]
    with connect(bind) as conn:
        row = conn.execute(select(*columns).select_from(case_rows).where(mine)).one()
    return {name: int(row._mapping[name] or 0) for name in names}
