"""Who may see a case's tracking page: whoever proved its code and secret in this browser."""

from __future__ import annotations

from flask import session

from core.case.aggregate import Case
from core.domain.errors import CaseNotFound
from core.service.application import hash_secret
from portal.helpers import services

_REMEMBERED = 20
_DUMMY = hash_secret("no such case")


def verify(code: str, secret: str) -> Case | None:
    """The case when code and secret match; None otherwise, with no hint which was wrong.

    Unknown codes are compared against a dummy hash, so both answers take the same work.
    """
    try:
        case = services().app.get_by_reference(code)
    except CaseNotFound:
        Case.secret_matches_any([_DUMMY], hash_secret(secret))
        return None
    return case if case.secret_matches(hash_secret(secret.strip())) else None


def remember_case(reference: str) -> None:
    tracked = [r for r in session.get("tracked", []) if r != reference]
    session["tracked"] = [reference, *tracked][:_REMEMBERED]


def may_track(reference: str) -> bool:
    return reference in session.get("tracked", [])
