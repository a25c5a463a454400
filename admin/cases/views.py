"""The officials' case page and the one endpoint that takes every action on a case."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from admin.auth import actor_for, current_actor, login_required, services
from admin.blueprint import bp
from admin.cases.actions import in_jurisdiction
from admin.cases.evidence_upload import UploadsRefused
from admin.cases.forms import ActionForm
from admin.cases.page import open_items, prepare, render_case
from admin.cases.pipeline import UnknownAction, action_named, check_may_act, perform
from core.case.aggregate import Case
from core.domain.errors import CaseNotFound, ConcurrentModification, DomainError, PermissionDenied
from core.domain.roles import Actor, Role
from ops.refusals import http_status
from projections.engine.waiting import ProjectionLagging, wait_for

#: How long a successful action waits for the timeline to show it (seconds).
WAIT_SECONDS_KEY = "DUCHA_ADMIN_WAIT_SECONDS"


def _denied(message: str) -> Any:
    return render_template("admin/denied.html", message=message), 403


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


def _photos(form: ActionForm) -> list[Any]:
    field = getattr(form, "photos", None)
    return list(field.data or []) if field is not None else []


@bp.post("/cases/<reference>/act/<action>", endpoint="act")
@login_required
def act(reference: str, action: str) -> Any:
    """Check the form's shape, then hand it to the pipeline (admin.cases.pipeline)."""
    actor = _actor()
    if not isinstance(actor, Actor):
        return actor
    try:
        ui = action_named(action)
    except UnknownAction:
        abort(404)
    case = _load(reference)
    actor = actor_for(case)  # the grant that covers this case, for an official with several
    try:  # before the form, whose errors would show the case to someone who may not act on it
        check_may_act(services().tree, actor, case, ui)
    except PermissionDenied as error:
        return _denied(error.text(_))
    form = prepare(ui.form_class(), case, open_items(case), fresh=False)
    submitted: dict[str, ActionForm] = {ui.name: form}
    if not form.validate():
        return render_case(
            actor, case, 400, message=_("Please correct the form."), submitted=submitted
        )
    if getattr(form, "preview", None) is not None and form.preview.data:
        return render_case(actor, case, submitted=submitted)
    try:
        result = perform(
            services().app, actor, reference, ui.name, form.data, form.version.data, _photos(form)
        )
    except ConcurrentModification:
        return _changed(actor, reference)
    except UploadsRefused as refusal:
        form.photos.errors = [*form.photos.errors, *refusal.reasons]
        return render_case(
            actor, case, 400, message=_("Please correct the form."), submitted=submitted
        )
    except DomainError as error:
        return render_case(
            actor, _load(reference), http_status(error), message=error.text(_), submitted=submitted
        )
    _wait(result.notification_id)
    flash(_("Done: %(action)s.", action=ui.label), "success")
    return redirect(url_for("admin.case", reference=case.reference), code=303)
