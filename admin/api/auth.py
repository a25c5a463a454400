"""Who a staff-API request acts as: the key's staff account, under one of its active grants.

A key is sent as `Authorization: Bearer KEY` (or `X-Api-Key: KEY`). A key created with
`--user USERNAME` acts as that account; which grant it acts under is chosen per request with
`X-Ducha-Grant: ROLE@UNIT`, else the account's first active grant, exactly as a login without a
choice does. Grants are read on every request, so revoking a grant or disabling the account
takes effect at once. A key without an account (an Open311 integrator's) is refused here.
"""

from __future__ import annotations

from flask import g, request
from flask_limiter.util import get_remote_address

from admin.acting import acting_actors, actor_for_case
from core.case.aggregate import Case
from core.domain.errors import PermissionDenied
from core.domain.roles import Actor
from stores.api_keys import ApiKey, bucket, find_key, limit_of
from stores.services import Services, current_services
from stores.staff import AccountError, Grant, active_grants, get_account

#: Requests without a valid key, per client address (they are refused, but cost a look-up).
KEYLESS_LIMIT = "60 per minute"


def services() -> Services:
    return current_services()


def presented_key() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-Api-Key", "").strip()


def request_key() -> ApiKey | None:
    if "api_key" not in g:
        given = presented_key()
        g.api_key = find_key(services().engine, given) if given else None
    key: ApiKey | None = g.api_key
    return key


def limit_key() -> str:
    return bucket(request_key(), get_remote_address())


def key_rate_limit() -> str:
    return limit_of(request_key(), KEYLESS_LIMIT)


def _grant(grants: list[Grant]) -> Grant:
    wanted = request.headers.get("X-Ducha-Grant", "").strip()
    if not wanted:
        if not grants:
            raise PermissionDenied("the key's account holds no role")
        return grants[0]
    for grant in grants:
        if f"{grant.role.value}@{grant.unit_id}" == wanted:
            return grant
    raise PermissionDenied(f"the key's account holds no grant {wanted}")


def current_actor() -> Actor:
    """The staff member the key acts for; PermissionDenied when it may not act at all."""
    return current_actors()[0]


def current_actors() -> list[Actor]:
    """The chosen grant's actor first, then the grants acting with it (admin.acting)."""
    key = request_key()
    if key is None:
        reason = "send a valid API key" if presented_key() else "an API key is required"
        raise PermissionDenied(f"{reason} (Authorization: Bearer KEY)")
    if key.username is None:
        raise PermissionDenied("this key is for Open311 only; it acts for no staff account")
    try:
        account = get_account(services().engine, key.username)
    except AccountError:
        raise PermissionDenied(f"the key's account {key.username} no longer exists") from None
    if not account.active:
        raise PermissionDenied(f"the key's account {key.username} is disabled")
    grants = active_grants(services().engine, account.username)
    return acting_actors(account.username, grants, _grant(grants))


def actor_for(case: Case) -> Actor:
    """The key's actor for this case: the grant (of the chosen role) that covers it."""
    tree = services().tree
    return actor_for_case(tree, current_actors(), case.place.unit_id, case.responsible_unit)
