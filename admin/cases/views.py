"""The officials' case page and the one endpoint that takes every action on a case."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from admin.auth import actor_for, current_actor, login_required, services
from admin.blueprint import bp
from admin.cases.actions import BY_NAME, UiAction, in_jurisdiction, role_allows, status_allows
from admin.cases.evidence_upload import store_uploads
from admin.cases.forms import ActionForm
from admin.cases.page import open_items, prepare, render_case
from core.case.aggregate import Case
from core.domain.errors import (
    CaseNotFound,
    ConcurrentModification,
    DomainError,
    IllegalTransition,
    InvalidInput,
    PermissionDenied,
    RuleViolation,
)
from core.domain.roles import Actor, Role
from core.domain.values import Evidence
from projections.engine.waiting import ProjectionLagging, wait_for

#: How long a successful action waits for the timeline to show it (seconds).
WAIT_SECONDS_KEY = "DUCHA_ADMIN_WAIT_SECONDS"
_STATUS_OF: list[tuple[type[DomainError], int]] = [
    (ConcurrentModification, 409),
    (IllegalTransition, 409),
    (RuleViolation, 422),
    (PermissionDenied, 403),
    (CaseNotFound, 404),
    (InvalidInput, 400),
]


def _denied(message: str) -> Any:
    return render_template("admin/denied.html", message=message), 403


def status_of(error: DomainError) -> int:
    return next((code for kind, code in _STATUS_OF if isinstance(error, kind)), 400)


def _load(reference: str) -> Case:
    try:
        return services().app.get_by_reference(reference)
    except CaseNotFound:
        abort(404)


def _actor() -> Actor | Any:
    try:
        return current_actor()
    except PermissionDenied:
        return _denied(_("You hold no role yet. Ask the office to grant you one."))


def _may_read(actor: Actor, case: Case) -> bool:
    """Auditors read every case; every other official the cases in their jurisdiction."""
    return actor.role is Role.AUDITOR or in_jurisdiction(services().tree, actor, case)


@bp.get("/cases/<reference>", endpoint="case")
@login_required
def case_page(reference: str) -> Any:
    actor = _actor()
    if not isinstance(actor, Actor):
        return actor
    case = _load(reference)
    actor = actor_for(case)
    if not _may_read(actor, case):
        return _denied(_("This case lies outside your jurisdiction."))
    return render_case(actor, case)


def stored_uploads(ui: UiAction, form: ActionForm) -> tuple[list[Evidence], list[str]]:
    field = getattr(form, "photos", None)
    if ui.uploads is None or field is None:
        return [], []
    files = [item for item in (field.data or []) if getattr(item, "filename", "")]
    if not files:
        return [], []
    kind = ui.uploads
    if hasattr(form, "kind"):
        kind = type(ui.uploads)(form.kind.data)
    evidence, errors = store_uploads(files, kind)
    caption = str(getattr(getattr(form, "caption", None), "data", "") or "").strip()
    if caption:
        evidence = [replace(item, caption=caption) for item in evidence]
    return evidence, errors


def _wait(notification_id: int) -> None:
    timeout = float(current_app.config.get(WAIT_SECONDS_KEY, 1.0))
    # on a timeout the page shows the event once the projector has caught up
    with suppress(ProjectionLagging):
        wait_for(services().engine, "timeline", notification_id, timeout=timeout)


def _changed(actor: Actor, reference: str) -> Any:
    return render_case(
        actor,
        _load(reference),
        409,
        message=_(
            "This case changed since you opened it. Here is its current state; nothing "
            "was recorded. Check it and act again if still needed."
        ),
    )


@bp.post("/cases/<reference>/act/<action>", endpoint="act")
@login_required
def act(reference: str, action: str) -> Any:
    actor = _actor()
    if not isinstance(actor, Actor):
        return actor
    ui = BY_NAME.get(action)
    if ui is None:
        abort(404)
    case = _load(reference)
    actor = actor_for(case)
    if not in_jurisdiction(services().tree, actor, case):
        return _denied(_("This case lies outside your jurisdiction."))
    if not role_allows(actor, ui):
        return _denied(_("Your role may not do this: %(action)s.", action=ui.label))
    form = ui.form_class()
    prepare(form, case, open_items(case), fresh=False)
    valid = form.validate()
    if form.version.data is not None and form.version.data != case.version:
        return _changed(actor, reference)
    if not status_allows(case, ui):
        message = _(
            "This cannot be done while the case is %(status)s: %(action)s.",
            status=case.status.value.replace("_", " "),
            action=ui.label,
        )
        return render_case(actor, case, 409, message=message)
    submitted: dict[str, ActionForm] = {ui.name: form}
    if not valid:
        return render_case(
            actor, case, 400, message=_("Please correct the form."), submitted=submitted
        )
    if getattr(form, "preview", None) is not None and form.preview.data:
        return render_case(actor, case, submitted=submitted)
    evidence, errors = stored_uploads(ui, form)
    if errors:
        form.photos.errors = [*form.photos.errors, *errors]
        return render_case(
            actor, case, 400, message=_("Please correct the form."), submitted=submitted
        )
    try:
        notification_id = ui.call(services().app, actor, case, form, evidence, case.version)
    except ConcurrentModification:
        return _changed(actor, reference)
    except DomainError as error:
        return render_case(
            actor, _load(reference), status_of(error), message=error.text(_), submitted=submitted
        )
    _wait(notification_id)
    flash(_("Done: %(action)s.", action=ui.label), "success")
    return redirect(url_for("admin.case", reference=case.reference), code=303)
