"""Logging in and out, and the home page where an official picks the grant they act under."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from admin.acting import acting_actors
from admin.auth import (
    GRANT_KEY,
    StaffUser,
    chosen_grant,
    login_required,
    services,
    user_grants,
)
from admin.blueprint import LOGIN_LIMIT, bp, limiter
from admin.cases.queues import unit_name
from admin.forms import ChooseGrantForm, LoginForm, LogoutForm
from core.domain.roles import Role
from stores.staff import authenticate

ROLE_LABELS = {
    Role.INTAKE: _l("Intake"),
    Role.OFFICE: _l("Rectification office"),
    Role.UNIT: _l("Responsible unit"),
    Role.INSPECTOR: _l("Inspector"),
    Role.LEADER: _l("Leader"),
    Role.AUDITOR: _l("Auditor"),
}


#: A local path under /admin or /audit, with an optional query: no scheme, host, backslash,
#: dot segment, space or control character (a CR/LF would split the Location header).
_LOCAL_NEXT = re.compile(r"/(?:admin|audit)(?:[/?][^\\\s\x00-\x1f\x7f]*)?")


def _safe_next(target: str | None) -> str:
    """Only a path inside /admin or /audit, so the login page cannot send anyone elsewhere."""
    if target and _LOCAL_NEXT.fullmatch(target) and "//" not in target and "/." not in target:
        return target
    return url_for("admin.home")


@bp.route("/login", methods=["GET", "POST"], endpoint="login")
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login() -> Any:
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("admin.home"))
    form = LoginForm()
    if form.validate_on_submit():
        account = authenticate(
            services().engine, form.username.data.strip(), form.password.data, datetime.now(UTC)
        )
        if account is not None:
            session.pop(GRANT_KEY, None)
            login_user(StaffUser(account))
            return redirect(_safe_next(request.args.get("next")), code=303)
        form.password.errors = [_("The username or the password is not right.")]
    status = 401 if request.method == "POST" else 200
    return render_template("admin/login.html", form=form), status


@bp.post("/logout", endpoint="logout")
def logout() -> Any:
    if LogoutForm().validate_on_submit():
        session.pop(GRANT_KEY, None)
        logout_user()
    return redirect(url_for("admin.login"), code=303)


@bp.get("/", endpoint="home")
@login_required
def home() -> Any:
    grants = user_grants()
    chosen = chosen_grant(grants)
    actors = acting_actors(current_user.account.username, grants, chosen) if chosen else []
    return render_template(
        "admin/home.html",
        grants=grants,
        chosen=chosen,
        acting_units=[unit_name(a.unit_id) for a in actors] if len(actors) > 1 else [],
        tree=services().tree,
        role_labels=ROLE_LABELS,
        form=ChooseGrantForm(),
    )


@bp.post("/act-as", endpoint="act_as")
@login_required
def act_as() -> Any:
    form = ChooseGrantForm()
    if form.validate_on_submit():
        grant = next((g for g in user_grants() if g.id == form.grant_id.data), None)
        if grant is None:
            flash(_("That role is not yours (any more)."), "error")
        else:
            session[GRANT_KEY] = grant.id
    return redirect(url_for("admin.home"), code=303)
