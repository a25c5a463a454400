"""The auditors' integrity-flag pages on /audit: a dashboard, a filtered list, one flag with the
events it cites, and the review form (confirm or dismiss, with a reason, recorded as an event).

Every view requires the auditor role; the review is the only write, and it goes through the
application like every other.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from admin.audit.blueprint import audit_bp
from admin.audit.flag_labels import RULE_LABELS, flag_labels
from admin.auth import current_actor, requires_roles, services
from core.domain.errors import ConcurrentModification, DomainError
from core.domain.roles import Role
from core.review.aggregate import REASON_LIMIT, Decision
from projections.engine.waiting import ProjectionLagging, wait_for
from projections.flags.queries import (
    REVIEW_STATES,
    FlagFilters,
    case_references,
    cited_events,
    flag_counts,
    flags_per_100_cases,
    get_flag,
    search_flags,
)

auditors_only = requires_roles(Role.AUDITOR)
PAGE_SIZE = 50


class ReviewForm(FlaskForm):
    """Shape only: the domain checks the role and the decision."""

    decision = SelectField(
        _l("Decision"),
        choices=[(Decision.CONFIRMED.value, _l("Confirm: a real problem")),
                 (Decision.DISMISSED.value, _l("Dismiss: explained, no action"))],
    )  # fmt: skip
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=REASON_LIMIT)])
    submit = SubmitField(_l("Record the review"))


def _filters() -> FlagFilters:
    args = request.args
    state = args.get("state") or None
    return FlagFilters(
        rule=args.get("rule") or None,
        district_id=args.get("district") or None,
        unit_id=args.get("unit") or None,
        severity=args.get("severity") or None,
        state=state if state in REVIEW_STATES else None,
        month=args.get("month") or None,
    )


def _bars(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    """(key, count, percent of the largest) for the dashboard's bars."""
    top = max(counts.values(), default=0) or 1
    return [(key, n, round(100 * n / top)) for key, n in counts.items()]


@audit_bp.get("/dashboard", endpoint="flag_dashboard")
@auditors_only
def dashboard() -> Any:
    engine = services().engine
    by = {key: _bars(flag_counts(engine, key)) for key in ("rule", "district", "unit", "month")}
    by["unit"] = sorted(by["unit"], key=lambda bar: -bar[1])[:20]
    return render_template(
        "audit/flags_dashboard.html",
        by=by,
        states=flag_counts(engine, "state"),
        rates=flags_per_100_cases(engine),
        **flag_labels(),
    )


@audit_bp.get("/flags", endpoint="flags")
@auditors_only
def flag_list() -> Any:
    engine = services().engine
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        return render_template("audit/problem.html", message=_("The page must be a number.")), 400
    filters = _filters()
    return render_template(
        "audit/flags_list.html",
        found=search_flags(engine, filters, page, PAGE_SIZE),
        filters=filters,
        districts=sorted(flag_counts(engine, "district")),
        units=sorted(u for u in flag_counts(engine, "unit") if u),
        months=sorted(flag_counts(engine, "month"), reverse=True),
        rules=list(RULE_LABELS),
        states=REVIEW_STATES,
        args={k: v for k, v in request.args.items() if k != "page"},
        **flag_labels(),
    )


def _render_flag(flag_id: str, form: ReviewForm | None = None, status: int = 200,
                 message: str | None = None) -> Any:  # fmt: skip
    engine = services().engine
    flag = get_flag(engine, flag_id)
    if flag is None:
        message = _("No integrity flag has the id %(flag_id)s.", flag_id=flag_id)
        return render_template("audit/problem.html", message=message), 404
    events = cited_events(engine, flag.cited)
    references = case_references(engine, sorted({e.case_id for e in events}, key=str))
    return render_template(
        "audit/flags_flag.html",
        flag=flag,
        events=events,
        references=references,
        form=form or ReviewForm(),
        message=message,
        **flag_labels(),
    ), status


@audit_bp.get("/flags/<flag_id>", endpoint="flag")
@auditors_only
def flag_page(flag_id: str) -> Any:
    return _render_flag(flag_id)


@audit_bp.post("/flags/<flag_id>/review", endpoint="review_flag")
@auditors_only
def review(flag_id: str) -> Any:
    flag = get_flag(services().engine, flag_id)
    if flag is None:
        message = _("No integrity flag has the id %(flag_id)s.", flag_id=flag_id)
        return render_template("audit/problem.html", message=message), 404
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render_flag(flag_id, form, 400, _("Please correct the form."))
    try:
        notification_id = services().app.review_flag(
            current_actor(), flag_id, flag.case_id, form.decision.data or "", form.reason.data or ""
        )
    except ConcurrentModification as error:
        return _render_flag(flag_id, form, 409, error.text(_))
    except DomainError as error:
        return _render_flag(flag_id, form, 400, error.text(_))
    timeout = float(current_app.config.get("DUCHA_ADMIN_WAIT_SECONDS", 1.0))
    with suppress(ProjectionLagging):  # the page shows the review once the projector has it
        wait_for(services().engine, "integrity_flags", notification_id, timeout=timeout)
    flash(_("The review is recorded."), "success")
    return redirect(url_for("audit.flag", flag_id=flag_id), code=303)
