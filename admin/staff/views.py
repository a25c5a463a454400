"""Staff accounts in the browser (账号管理), for the rectification office.

An office official manages the staff of their own jurisdiction: creates accounts, grants and
revokes roles on units within it, and resets the password of an account whose every role lies
within it (of an account with no role at all, only the city's office does). The auditor role is
never given or taken here (auditors answer to another line of authority; `flask --app wsgi staff
grant` does it), nor can anyone change their own grants or password here. Every grant and
revocation is recorded with who and when (stores.staff).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from admin.auth import current_actor, requires_roles, services
from admin.blueprint import bp
from admin.home import ROLE_LABELS
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from stores import staff as accounts
from stores.staff import Account, AccountError, Grant

#: Roles an office official may give on units within their jurisdiction.
GRANTABLE = tuple(r for r in accounts.STAFF_ROLES if r is not Role.AUDITOR)


class CreateAccountForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])


class GrantForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[DataRequired()])
    unit = SelectField(_l("Unit"), validators=[DataRequired()])


class GrantRowForm(FlaskForm):
    """Revoke one grant, named by its role and unit."""

    role = HiddenField(validators=[DataRequired()])
    unit = HiddenField(validators=[DataRequired()])


class ResetPasswordForm(FlaskForm):
    pass


def _units(tree: OrgTree, actor: Actor) -> list[tuple[str, str]]:
    return [(u.id, u.name) for u in tree if tree.reaches(actor.unit_id, u.id)]


def _grant_form(actor: Actor) -> GrantForm:
    form = GrantForm()
    form.role.choices = [(r.value, str(ROLE_LABELS[r])) for r in GRANTABLE]
    form.unit.choices = _units(services().tree, actor)
    return form


def _manageable(actor: Actor, grant: Grant) -> bool:
    tree = services().tree
    return grant.role is not Role.AUDITOR and tree.reaches(actor.unit_id, grant.unit_id)


def _may_reset(actor: Actor, grants: list[Grant]) -> bool:
    """Every role of the account lies within the office's reach; an account with no role lies
    in no district, so only an office of the whole city may reset it."""
    if not grants:
        return actor.unit_id == services().tree.root.id
    return all(_manageable(actor, g) for g in grants)


def _refuse_self(actor: Actor, username: str) -> str | None:
    if username == actor.user_id:
        return str(_("You cannot change your own account here; ask another office official."))
    return None


def _account_or_404(username: str) -> Account:
    try:
        return accounts.get_account(services().engine, username)
    except AccountError:
        abort(404)


def _page(account: Account, status: int = 200, **forms: Any) -> Any:
    actor = current_actor()
    engine = services().engine
    grants = accounts.active_grants(engine, account.username)
    return (
        render_template(
            "admin/staff_account.html",
            account=account,
            grants=grants,
            manageable={g.id for g in grants if _manageable(actor, g)},
            history=accounts.grant_history(engine, account.username),
            grant_form=forms.get("grant_form") or _grant_form(actor),
            row_form=GrantRowForm(),
            reset_form=ResetPasswordForm(),
            role_labels=ROLE_LABELS,
            tree=services().tree,
            new_password=forms.get("new_password"),
            is_self=account.username == actor.user_id,
        ),
        status,
    )


def _denied(message: str) -> Any:
    return render_template("admin/denied.html", message=message), 403


@bp.route("/staff", methods=["GET", "POST"], endpoint="staff")
@requires_roles(Role.OFFICE)
def staff_list() -> Any:
    form = CreateAccountForm()
    engine = services().engine
    if form.validate_on_submit():
        password = accounts.generate_password()
        try:
            account = accounts.create_account(
                engine, form.username.data, form.display_name.data, password, datetime.now(UTC)
            )
        except AccountError as exc:
            form.username.errors = [*form.username.errors, exc.text(_)]
        else:
            flash(_("Account %(username)s created.", username=account.username), "info")
            return _page(account, 201, new_password=password)
    status = 400 if form.is_submitted() else 200
    everyone = accounts.list_accounts(engine)
    grants = {a.username: accounts.active_grants(engine, a.username) for a in everyone}
    return render_template(
        "admin/staff.html",
        accounts=everyone,
        grants=grants,
        form=form,
        role_labels=ROLE_LABELS,
        tree=services().tree,
    ), status


@bp.get("/staff/<username>", endpoint="staff_account")
@requires_roles(Role.OFFICE)
def staff_account(username: str) -> Any:
    return _page(_account_or_404(username))


@bp.post("/staff/<username>/grant", endpoint="staff_grant")
@requires_roles(Role.OFFICE)
def staff_grant(username: str) -> Any:
    account, actor = _account_or_404(username), current_actor()
    form = _grant_form(actor)
    if refused := _refuse_self(actor, username):
        return _denied(refused)
    if not form.validate_on_submit():
        return _page(account, 400, grant_form=form)
    try:
        accounts.grant(
            services().engine,
            services().tree,
            username,
            form.role.data,
            form.unit.data,
            actor.user_id,
            datetime.now(UTC),
        )
    except AccountError as exc:
        form.role.errors = [*form.role.errors, exc.text(_)]
        return _page(account, 409, grant_form=form)
    flash(_("Role granted."), "info")
    return redirect(url_for("admin.staff_account", username=username), code=303)


@bp.post("/staff/<username>/revoke", endpoint="staff_revoke")
@requires_roles(Role.OFFICE)
def staff_revoke(username: str) -> Any:
    account, actor = _account_or_404(username), current_actor()
    form = GrantRowForm()
    if refused := _refuse_self(actor, username):
        return _denied(refused)
    if not form.validate_on_submit():
        flash(_("The form expired; reload the page and try again."), "error")
        return _page(account, 400)
    active = accounts.active_grants(services().engine, username)
    wanted = (form.role.data, form.unit.data)
    grant = next((g for g in active if (g.role.value, g.unit_id) == wanted), None)
    if grant is None:
        flash(_("That role is not held (any more)."), "error")
        return _page(account, 409)
    if not _manageable(actor, grant):
        return _denied(_("That role lies outside what your office manages."))
    accounts.revoke(
        services().engine,
        services().tree,
        username,
        grant.role.value,
        grant.unit_id,
        actor.user_id,
        datetime.now(UTC),
    )
    flash(_("Role revoked."), "info")
    return redirect(url_for("admin.staff_account", username=username), code=303)


@bp.post("/staff/<username>/reset-password", endpoint="staff_reset_password")
@requires_roles(Role.OFFICE)
def staff_reset_password(username: str) -> Any:
    account, actor = _account_or_404(username), current_actor()
    if refused := _refuse_self(actor, username):
        return _denied(refused)
    if not ResetPasswordForm().validate_on_submit():
        flash(_("The form expired; reload the page and try again."), "error")
        return _page(account, 400)
    grants = accounts.active_grants(services().engine, username)
    if not _may_reset(actor, grants):
        if not grants:
            return _denied(
                _("This account holds no role, which lies outside what your office manages.")
            )
        return _denied(_("This account holds a role outside what your office manages."))
    password = accounts.reset_password(services().engine, username, datetime.now(UTC))
    return _page(account, new_password=password)
