"""The composition root: builds the Flask app from the settings. Imported by nobody."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify

import admin
import portal
from core.domain.errors import (
    CaseNotFound,
    ConcurrentModification,
    DomainError,
    IllegalTransition,
    InvalidInput,
    PermissionDenied,
    RuleViolation,
    UnknownOrgUnit,
)
from core.settings import SettingsError, load_settings
from projections import cli as projections_cli
from projections.schema import SchemaMissing, check_schema
from projections.services import Services

_STATUS_OF: list[tuple[type[DomainError], int]] = [
    (InvalidInput, 400),
    (UnknownOrgUnit, 400),
    (PermissionDenied, 403),
    (CaseNotFound, 404),
    (IllegalTransition, 409),
    (ConcurrentModification, 409),
    (RuleViolation, 422),
]


def http_status(error: DomainError) -> int:
    for error_type, status in _STATUS_OF:
        if isinstance(error, error_type):
            return status
    return 400


def create_app(environ: Mapping[str, str] | None = None) -> Flask:
    """Build the app; settings come from `environ` (default: the process environment)."""
    try:
        settings = load_settings(environ)
    except SettingsError as exc:
        sys.exit(f"ducha: bad setting: {exc}")
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["ducha"] = Services(settings)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Any:
        return jsonify(error=error.code, message=error.message), http_status(error)

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok")

    projections_cli.init_app(app)
    portal.init_app(app)
    admin.init_app(app)
    return app


def create_web_app() -> Flask:
    """What gunicorn serves: the app, after checking that `db init` has run."""
    app = create_app()
    try:
        check_schema(app.extensions["ducha"].settings)
    except SchemaMissing as exc:
        sys.exit(f"ducha: {exc}")
    return app
