"""Who is logged in, which grant they act under, and the role check at the edge."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

import flask_login
from flask import render_template, session
from flask_babel import gettext as _
from flask_login import UserMixin, current_user

from admin.acting import acting_actors, actor_for_case
from admin.blueprint import login_manager
from core.case.aggregate import Case
from core.domain.errors import PermissionDenied
from core.domain.roles import Actor, Role
from stores.services import Services, current_services
from stores.staff import Account, Grant, active_grants, get_account_by_id

GRANT_KEY = "admin_grant_id"
F = TypeVar("F", bound=Callable[..., Any])


def services() -> Services:
    return current_services()


class StaffUser(UserMixin):
    """The Flask-Login user: an account. Its id changes with the password, which ends sessions."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        changed = int(self.account.password_changed_at.timestamp() * 1_000_000)
        return f"{self.account.id}:{changed}"

    @property
    def is_active(self) -> bool:
        return self.account.active


def load_user(user_id: str) -> StaffUser | None:
    account_id, _sep, changed = user_id.partition(":")
    if not account_id.isdigit():
        return None
    account = get_account_by_id(services().engine, int(account_id))
    if account is None or not account.active:
        return None
    user = StaffUser(account)
    return user if user.get_id() == f"{account_id}:{changed}" else None


login_manager.user_loader(load_user)


def login_required(view: F) -> F:
    """Flask-Login's decorator, typed."""
    return cast(F, flask_login.login_required(view))


def user_grants() -> list[Grant]:
    return active_grants(services().engine, current_user.account.username)


def chosen_grant(grants: list[Grant]) -> Grant | None:
    """The grant chosen in this session, or the first one when none (still active) was chosen."""
    chosen = session.get(GRANT_KEY)
    for grant in grants:
        if grant.id == chosen:
            return grant
    return grants[0] if grants else None


def current_actor() -> Actor:
    """The logged-in official as the domain sees them: username, unit and role of the grant."""
    return current_actors()[0]


def current_actors() -> list[Actor]:
    """The chosen grant's actor first, then the official's other grants acting with it
    (admin.acting: a unit official acts for every unit their unit grants cover)."""
    if not current_user.is_authenticated:
        raise PermissionDenied("log in first")
    grants = user_grants()
    grant = chosen_grant(grants)
    if grant is None:
        raise PermissionDenied(f"{current_user.account.username} holds no role")
    return acting_actors(current_user.account.username, grants, grant)


def actor_for(case: Case) -> Actor:
    """The actor who acts on (and reads) this case: the official's grant that covers it."""
    return actor_for_case(
        services().tree, current_actors(), case.place.unit_id, case.responsible_unit
    )


def requires_roles(*roles: Role) -> Callable[[F], F]:
    """Let through officials acting under one of `roles`; others get 403, anonymous users log in."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            grant = chosen_grant(user_grants())
            if grant is None or grant.role not in roles:
                message = _(
                    "This page needs one of these roles: %(roles)s.",
                    roles=", ".join(r.value for r in roles),
                )
                return render_template("admin/denied.html", message=message), 403
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate
