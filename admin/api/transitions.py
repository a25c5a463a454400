"""Transitions through the staff API, with the checks of the officials' case page, in its order:
jurisdiction and role (403), the form's shape (400), the version the caller saw (409 when
stale), the status (409), then the domain command, which checks everything again.

Each action takes the fields of its case-page form (admin.cases.forms) as a JSON object, or as
multipart form fields when it takes files (`photos`); the same forms check them.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import force_locale
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from admin.api.auth import actor_for, current_actor, services
from admin.api.blueprint import ApiError, bp
from admin.api.schemas import ActionResultSchema
from admin.cases.actions import BY_NAME, UiAction, in_jurisdiction, role_allows, status_allows
from admin.cases.forms import ActionForm
from admin.cases.page import open_items, prepare
from admin.cases.views import stored_uploads  # the case page's upload path
from core.case.aggregate import Case
from core.domain.errors import CaseNotFound, ConcurrentModification, OutOfJurisdiction
from core.domain.roles import Actor


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def form_data() -> MultiDict[str, Any]:
    """The body as form data: a JSON object, or multipart fields with their files."""
    if request.mimetype == "multipart/form-data" or request.mimetype.endswith("urlencoded"):
        return CombinedMultiDict([request.form, request.files])
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_input", "send the action's fields as a JSON object")
    data: MultiDict[str, Any] = MultiDict()
    for name, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict | list):
                raise ApiError(400, "invalid_input", f"{name} must be a plain value")
            data.add(str(name), _scalar(item))
    return data


def _load(reference: str) -> Case:
    try:
        return services().app.get_by_reference(reference)
    except (CaseNotFound, ValueError):
        raise CaseNotFound(f"no case with reference {reference}") from None


def _checked_form(actor: Actor, case: Case, ui: UiAction) -> ActionForm:
    with force_locale("en"):  # WTForms takes its messages' language when the form is made
        form = ui.form_class(formdata=form_data(), meta={"csrf": False})
        prepare(form, case, open_items(case), fresh=False)
        valid = form.validate()
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    if form.version.data is not None and form.version.data != case.version:
        raise ConcurrentModification(
            f"case {case.reference} changed since version {form.version.data} "
            f"(now {case.version}); read it again and act again if still needed"
        )
    if not status_allows(case, ui):
        status = case.status.value.replace("_", " ")
        raise ApiError(409, "illegal_transition", f"cannot {ui.name} while the case is {status}")
    if not valid:
        raise ApiError(
            400, "invalid_input", "; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items())
        )
    return form


def perform(reference: str, action: str) -> Any:
    actor = current_actor()
    ui = BY_NAME.get(action)
    if ui is None:
        raise ApiError(404, "unknown_action", f"there is no action {action!r}")
    case = _load(reference)
    actor = actor_for(case)
    if not in_jurisdiction(services().tree, actor, case):
        raise OutOfJurisdiction(f"case {case.reference} lies outside your jurisdiction")
    if not role_allows(actor, ui):
        raise ApiError(403, "permission_denied", f"the {actor.role.value} role may not {action}")
    form = _checked_form(actor, case, ui)
    with force_locale("en"):
        evidence, refused = stored_uploads(ui, form)
    if refused:
        raise ApiError(400, "invalid_input", "; ".join(refused))
    app = services().app
    notification_id = ui.call(app, actor, case, form, evidence, case.version)
    result = {
        "reference": case.reference,
        "action": ui.name,
        "notification_id": notification_id,
        "version": app.get(case.id).version,
    }
    return jsonify(ActionResultSchema().dump(result))


@bp.post("/cases/<reference>/actions/<action>")
def act(reference: str, action: str) -> Any:
    """Take an action on a case (its fields: see the operation of each action)."""
    return perform(reference, action)


@bp.post("/cases/<reference>/evidence")
def upload_evidence(reference: str) -> Any:
    """Attach photos or PDF documents (multipart `photos`, with `version`, `kind`, `caption`)."""
    return perform(reference, "attach_evidence")
