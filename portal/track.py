"""Following a report: code and secret, then status, public timeline, material, objection and
feedback, each while the case allows it."""

from __future__ import annotations

import contextlib
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.case.aggregate import Case
from core.case.statuses import Status
from core.domain.context import Context
from core.domain.errors import ConcurrentModification, DomainError, InvalidInput
from core.domain.values import EvidenceKind
from portal.blueprint import bp, limiter
from portal.forms import FeedbackForm, MaterialForm, ObjectionForm, TrackForm
from portal.helpers import resident, services
from portal.report import store_photos
from portal.track_access import may_track, remember_case, verify
from projections.engine.waiting import ProjectionLagging, wait_for
from projections.timeline.projection import timeline_entries


@bp.route("/track", methods=["GET", "POST"], endpoint="track_form")
@limiter.limit("30 per minute", methods=["POST"])
def track_form() -> Any:
    form = TrackForm()
    if form.validate_on_submit():
        case = verify(form.code.data.strip().upper(), form.secret.data)
        if case is not None:
            remember_case(case.reference)
            return redirect(url_for("portal.track_case", reference=case.reference), code=303)
        form.secret.errors = [_("The tracking code or the secret is not right.")]
    status = 400 if request.method == "POST" else 200
    return render_template("portal/track_form.html", form=form), status


def _case_for(reference: str) -> Case | None:
    if not may_track(reference):
        return None
    return services().app.get_by_reference(reference)


def _public_timeline(case: Case) -> list[Any]:
    english = request.args.get("lang") == "en" or request.cookies.get("lang") == "en"
    column = timeline_entries.c.public_en if english else timeline_entries.c.public_zh
    with services().engine.connect() as conn:
        return list(
            conn.execute(
                select(timeline_entries.c.recorded_at, column.label("text"))
                .where(timeline_entries.c.case_id == case.id, timeline_entries.c.is_public)
                .order_by(timeline_entries.c.version)
            ).all()
        )


@bp.get("/track/<reference>", endpoint="track_case")
def track_case(reference: str) -> Any:
    case = _case_for(reference)
    if case is None:
        flash(_("Enter the tracking code and the secret to follow this report."), "error")
        return redirect(url_for("portal.track_form"), code=303)
    return _render(case)


def _render(case: Case, status: int = 200, **forms: Any) -> Any:
    photos = len(
        [
            e
            for e in services().app.history(case.id)
            if isinstance(e, Case.EvidenceAttached) and e.actor.role.value == "resident"
        ]
    )
    page = render_template(
        "portal/track_case.html",
        case=case,
        timeline=_public_timeline(case),
        photos=photos,
        overdue=case.is_overdue(services().app.context(resident()).today),
        material=forms.get("material") or MaterialForm(),
        objection=forms.get("objection") or ObjectionForm(),
        feedback=forms.get("feedback") or FeedbackForm(),
        Status=Status,
    )
    return page, status, {"Cache-Control": "no-store"}


def _act(case: Case, command: Any) -> str | None:
    """Run a resident's command; a refusal in words for the resident, or None."""
    try:
        notification_id = services().app.run(resident(), case.id, command)
    except ConcurrentModification:
        return str(_("The case changed just now. Please look at it again and retry."))
    except InvalidInput as exc:
        return exc.text(_)
    except DomainError:
        return str(_("This is not possible while the case is in its current state."))
    # The page reads the case itself; only the timeline may trail by a moment.
    with contextlib.suppress(ProjectionLagging):
        wait_for(services().engine, "timeline", notification_id, timeout=1.0)
    return None


def _after(case: Case, form: Any, error: str | None, done: str, name: str) -> Any:
    if error is None:
        flash(done, "ok")
        return redirect(url_for("portal.track_case", reference=case.reference), code=303)
    form.form_errors.append(error)
    return _render(services().app.get(case.id), 422, **{name: form})


@bp.post("/track/<reference>/material", endpoint="track_material")
@limiter.limit("20 per hour")
def track_material(reference: str) -> Any:
    case = _case_for(reference)
    if case is None:
        return redirect(url_for("portal.track_form"), code=303)
    form = MaterialForm()
    if not form.validate_on_submit():
        return _render(case, 400, material=form)
    photos, refused = store_photos(request.files.getlist(form.photos.name))
    text = (form.text.data or "").strip()
    if refused or not (text or photos):
        form.photos.errors = [*form.photos.errors, *refused] or [_("Add some text or a photo.")]
        return _render(case, 400, material=form)

    def add(target: Case, ctx: Context) -> None:
        if text:
            target.post_note(ctx, text)
        for photo in photos:
            target.attach(ctx, photo.as_evidence(EvidenceKind.BEFORE, "resident's photo"))

    error = _act(case, add)
    return _after(case, form, error, _("Thank you. Your material was added."), "material")


@bp.post("/track/<reference>/objection", endpoint="track_objection")
@limiter.limit("10 per hour")
def track_objection(reference: str) -> Any:
    case = _case_for(reference)
    if case is None:
        return redirect(url_for("portal.track_form"), code=303)
    form = ObjectionForm()
    if not form.validate_on_submit():
        return _render(case, 400, objection=form)
    text = form.text.data.strip()
    error = _act(case, lambda c, ctx: c.raise_objection(ctx, text, "portal"))
    return _after(case, form, error, _("Your objection was recorded."), "objection")


@bp.post("/track/<reference>/feedback", endpoint="track_feedback")
@limiter.limit("10 per hour")
def track_feedback(reference: str) -> Any:
    case = _case_for(reference)
    if case is None:
        return redirect(url_for("portal.track_form"), code=303)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _render(case, 400, feedback=form)
    fixed, text = form.fixed.data == "yes", (form.text.data or "").strip()
    error = _act(case, lambda c, ctx: c.give_feedback(ctx, fixed, text))
    return _after(case, form, error, _("Thank you for telling us."), "feedback")
