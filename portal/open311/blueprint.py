"""The Open311 blueprint at /open311/v2, its errors, and the API key of a request.

Integrators send their key as the spec's `api_key` form field (or an `X-Api-Key` header); only
POST needs one. POSTs are rate-limited per key, with the limit the key was created with.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from portal.helpers import services
from portal.open311.formats import Open311Error, error_response
from stores.api_keys import ApiKey, bucket, find_key, limit_of
from stores.evidence import EVIDENCE_UNAVAILABLE, EvidenceUnavailable

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
#: Allowed to a POST without a valid key, per client address, before it is refused anyway.
KEYLESS_LIMIT = "30 per minute"


def presented_key() -> str:
    return (request.form.get("api_key") or request.headers.get("X-Api-Key") or "").strip()


def request_key() -> ApiKey | None:
    """The active key this request carries, looked up once per request."""
    if "open311_key" not in g:
        given = presented_key()
        g.open311_key = find_key(services().engine, given) if given else None
    key: ApiKey | None = g.open311_key
    return key


def require_key() -> ApiKey:
    key = request_key()
    if key is None:
        reason = "no api_key received" if not presented_key() else "invalid api_key received"
        raise Open311Error(403, f"{reason} -- can't proceed with create_request")
    return key


def limit_key() -> str:
    return bucket(request_key(), get_remote_address())


def key_rate_limit() -> str:
    return limit_of(request_key(), KEYLESS_LIMIT)


@bp.errorhandler(Open311Error)
def open311_error(error: Open311Error) -> Any:
    return error_response(error.status, error.descriptions)


@bp.errorhandler(EvidenceUnavailable)
def evidence_unavailable(_error: EvidenceUnavailable) -> Any:
    return error_response(503, (EVIDENCE_UNAVAILABLE,))


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Any:
    status = error.code or 500
    return error_response(status, (error.description or error.name,))


@bp.route("/<path:unknown>", methods=["GET", "POST"])
def not_found(unknown: str) -> Any:
    """Anything else under /open311/v2 answers in the spec's error format too."""
    raise Open311Error(404, f"{unknown} is not a resource of this Open311 endpoint")
