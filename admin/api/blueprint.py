"""The staff API's blueprint at /api/v1: JSON errors {code, message}, per-key rate limits."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from admin.api.auth import key_rate_limit, limit_key
from admin.blueprint import limiter
from core.domain.errors import DomainError
from ops.refusals import http_status
from stores.evidence import EVIDENCE_UNAVAILABLE, EvidenceUnavailable

bp = Blueprint("api", __name__, url_prefix="/api/v1")
limiter.limit(key_rate_limit, key_func=limit_key)(bp)


class ApiError(Exception):
    """A refusal of the API itself (not of the domain), with its HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error(status: int, code: str, message: str, **extra: Any) -> Any:
    return jsonify(code=code, message=message, **extra), status


@bp.errorhandler(ApiError)
def api_error(exc: ApiError) -> Any:
    return error(exc.status, exc.code, exc.message)


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError) -> Any:
    return error(http_status(exc), exc.code, exc.message)


def refusal_message(exc: ValidationError) -> str:
    """`field: what is wrong; ...`, one part per field a schema refused."""
    messages = exc.messages if isinstance(exc.messages, dict) else {"body": exc.messages}
    return "; ".join(
        f"{name}: {', '.join(map(str, problems)) if isinstance(problems, list) else problems}"
        for name, problems in messages.items()
    )


@bp.errorhandler(ValidationError)
def invalid(exc: ValidationError) -> Any:
    return error(400, "invalid_input", refusal_message(exc), fields=exc.messages)


@bp.errorhandler(EvidenceUnavailable)
def evidence_unavailable(_exc: EvidenceUnavailable) -> Any:
    return error(503, "evidence_unavailable", EVIDENCE_UNAVAILABLE)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    return error(status, f"http_{status}", exc.description or exc.name)


@bp.route("/<path:unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(unknown: str) -> Any:
    """Anything else under /api/v1 answers {code, message} too."""
    raise ApiError(404, "not_found", f"/api/v1/{unknown} is not part of this API")
