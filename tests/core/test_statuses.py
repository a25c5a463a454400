"""The transitions table, checked from every status with every action."""

from __future__ import annotations

import itertools

import pytest

from core.case.statuses import TRANSITIONS, Action, Status, check_transition, moves
from core.domain.errors import IllegalTransition

S = Status

#: Moves drawn by hand from the diagram in DESIGN §1.
DIAGRAM_MOVES = [
    (S.REPORTED, S.ACCEPTED),
    (S.REPORTED, S.DECLINED),
    (S.REPORTED, S.MERGED),
    (S.ACCEPTED, S.TRANSFERRED),
    (S.TRANSFERRED, S.RECTIFYING),
    (S.RECTIFYING, S.ACCEPTANCE_REQUESTED),
    (S.ACCEPTANCE_REQUESTED, S.VERIFIED),
    (S.ACCEPTANCE_REQUESTED, S.RECTIFYING),
    (S.VERIFIED, S.PUBLIC_NOTICE),
    (S.PUBLIC_NOTICE, S.CLOSED),
    (S.PUBLIC_NOTICE, S.RECTIFYING),
    (S.CLOSED, S.REBOUNDED),
    (S.REBOUNDED, S.RECTIFYING),
]

#: Shortcuts the diagram does not draw.
NOT_MOVES = [
    (S.REPORTED, S.CLOSED),
    (S.REPORTED, S.RECTIFYING),
    (S.ACCEPTED, S.VERIFIED),
    (S.ACCEPTED, S.CLOSED),
    (S.RECTIFYING, S.VERIFIED),
    (S.RECTIFYING, S.CLOSED),
    (S.ACCEPTANCE_REQUESTED, S.CLOSED),
    (S.ACCEPTANCE_REQUESTED, S.PUBLIC_NOTICE),
    (S.VERIFIED, S.CLOSED),
    (S.CLOSED, S.RECTIFYING),
    (S.DECLINED, S.ACCEPTED),
    (S.MERGED, S.ACCEPTED),
]

#: (action, from, to) written out by hand, one per arrow of the diagram.
DIAGRAM_ACTIONS = [
    (Action.ACCEPT, S.REPORTED, S.ACCEPTED),
    (Action.DECLINE, S.REPORTED, S.DECLINED),
    (Action.MERGE, S.REPORTED, S.MERGED),
    (Action.TRANSFER, S.ACCEPTED, S.TRANSFERRED),
    (Action.ACKNOWLEDGE, S.TRANSFERRED, S.RECTIFYING),
    (Action.SUBMIT_PLAN, S.TRANSFERRED, S.RECTIFYING),
    (Action.CLAIM_COMPLETION, S.RECTIFYING, S.ACCEPTANCE_REQUESTED),
    (Action.VERIFY, S.ACCEPTANCE_REQUESTED, S.VERIFIED),
    (Action.FAIL_VERIFICATION, S.ACCEPTANCE_REQUESTED, S.RECTIFYING),
    (Action.OPEN_PUBLIC_NOTICE, S.VERIFIED, S.PUBLIC_NOTICE),
    (Action.UPHOLD_OBJECTION, S.PUBLIC_NOTICE, S.RECTIFYING),
    (Action.CLOSE, S.PUBLIC_NOTICE, S.CLOSED),
    (Action.REBOUND, S.CLOSED, S.REBOUNDED),
    (Action.ACKNOWLEDGE, S.REBOUNDED, S.RECTIFYING),
]


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, Action)))
def test_check_transition_follows_the_table(status: Status, action: Action) -> None:
    allowed = TRANSITIONS.get(action, {})
    if status in allowed:
        assert check_transition(status, action) is allowed[status]
    else:
        with pytest.raises(IllegalTransition):
            check_transition(status, action)


@pytest.mark.parametrize("action", list(Action))
def test_every_action_is_in_the_table(action: Action) -> None:
    assert TRANSITIONS.get(action), f"{action} can never be taken"


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(Status, Status)))
def test_moves_are_exactly_the_changes_some_action_makes(src: Status, dst: Status) -> None:
    led_to = src is not dst and any(table.get(src) is dst for table in TRANSITIONS.values())
    assert ((src, dst) in moves()) is led_to


@pytest.mark.parametrize(("src", "dst"), DIAGRAM_MOVES)
def test_diagram_arrow_is_a_move(src: Status, dst: Status) -> None:
    assert (src, dst) in moves()


@pytest.mark.parametrize(("src", "dst"), NOT_MOVES)
def test_shortcut_is_not_a_move(src: Status, dst: Status) -> None:
    assert (src, dst) not in moves()


@pytest.mark.parametrize(("action", "src", "dst"), DIAGRAM_ACTIONS)
def test_diagram_arrow_is_taken_by_its_action(action: Action, src: Status, dst: Status) -> None:
    assert check_transition(src, action) is dst


def test_moves_never_include_staying_put() -> None:
    assert all(src is not dst for src, dst in moves())


@pytest.mark.parametrize("status", [S.DECLINED, S.MERGED])
def test_declined_and_merged_lead_nowhere(status: Status) -> None:
    assert not any(src is status for src, _ in moves())


@pytest.mark.parametrize("action", [Action.TRIGGER_ACCOUNTABILITY, Action.CONCLUDE_ACCOUNTABILITY])
@pytest.mark.parametrize("status", list(Status))
def test_accountability_is_allowed_everywhere_and_stays(status: Status, action: Action) -> None:
    assert check_transition(status, action) is status


def test_refusal_names_the_action_and_the_status() -> None:
    with pytest.raises(IllegalTransition, match="cannot claim completion a case that is closed"):
        check_transition(S.CLOSED, Action.CLAIM_COMPLETION)
