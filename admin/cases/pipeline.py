"""The one way an action reaches a case, whatever sends it: the case page (its WTForms forms),
the staff API (its marshmallow schemas), or any later caller.

A front end checks the shape of the fields; `perform` does everything else, in this order: the
action exists (UnknownAction), the case exists (CaseNotFound), it lies in the actor's
jurisdiction (OutOfJurisdiction) and the actor's role may take the action (PermissionDenied),
the case is still at the version the caller saw (ConcurrentModification), its status allows the
action (IllegalTransition); then the uploads are kept, the fields become domain values and the
application records the command, which checks every rule of the domain again. Each refusal is
a DomainError, which the page shows in the reader's language and the API as JSON, with the
status of ops.refusals; a refused action records nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from werkzeug.datastructures import FileStorage

from admin.cases.actions import BY_NAME, UiAction, role_allows, status_allows
from admin.cases.commands import Fields
from admin.cases.evidence_upload import keep_uploads
from core.case.aggregate import Case
from core.case.statuses import check_transition
from core.domain.errors import ConcurrentModification, NotFound
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, check_jurisdiction, check_role
from core.domain.values import Evidence, EvidenceKind
from core.service.application import Ducha


class UnknownAction(NotFound):
    """No case action has that name."""

    code = "unknown_action"


@dataclass(frozen=True)
class ActionResult:
    """What a recorded action returns: the case's new version and the last notification id."""

    reference: str
    action: str
    notification_id: int
    version: int


def action_named(name: str) -> UiAction:
    try:
        return BY_NAME[name]
    except KeyError:
        raise UnknownAction("there is no action %(action)s", action=repr(name)) from None


def check_may_act(tree: OrgTree, actor: Actor, case: Case, ui: UiAction) -> None:
    """The actor's grant reaches the case and its role may take the action."""
    check_jurisdiction(tree, actor, case.place.unit_id, case.responsible_unit)
    if not role_allows(actor, ui):
        check_role(actor, ui.actions[0])


def _check_version(case: Case, expected_version: int) -> None:
    if expected_version != case.version:
        raise ConcurrentModification(
            "case %(reference)s changed since version %(expected_version)s (now %(version)s);"
            " read it again and act again if still needed",
            reference=case.reference,
            expected_version=expected_version,
            version=case.version,
        )


def _kept_uploads(ui: UiAction, fields: Fields, files: Sequence[FileStorage]) -> list[Evidence]:
    """The uploads as evidence of the action's kind (or of the kind chosen, when it asks)."""
    chosen = [item for item in files if item.filename]
    if ui.uploads is None or not chosen:
        return []
    kind = EvidenceKind(fields.get("kind") or ui.uploads)
    return keep_uploads(chosen, kind, str(fields.get("caption") or ""))


def perform(
    app: Ducha,
    actor: Actor,
    reference: str,
    action_name: str,
    fields: Fields,
    expected_version: int,
    files: Sequence[FileStorage] = (),
) -> ActionResult:
    """Take the action `action_name` on the case `reference` as `actor`, with shape-checked
    `fields` and uploaded `files`, if the case is still at `expected_version`."""
    ui = action_named(action_name)
    case = app.get_by_reference(reference)
    check_may_act(app.tree, actor, case, ui)
    _check_version(case, expected_version)
    if not status_allows(case, ui):
        check_transition(case.status, ui.actions[0])
    evidence = _kept_uploads(ui, fields, files)
    notification_id = ui.command(app, actor, case, fields, evidence, expected_version)
    return ActionResult(case.reference, ui.name, notification_id, app.get(case.id).version)
