"""The composition root: builds the Flask app from the settings. Imported by nobody."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import Babel, get_locale, gettext
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

import admin
import demo
import portal
from core.domain.errors import DomainError
from core.settings import Settings, SettingsError, load_settings
from ops import inputs, ratelimits
from ops import web as operations
from ops.backup import cli as backup_cli
from ops.inputs import UnsafeInput
from ops.refusals import http_status
from projections.engine import cli as projections_cli
from projections.engine.schema import check_schema
from stores.evidence import EVIDENCE_UNAVAILABLE, EvidenceUnavailable
from stores.migrate import SchemaMissing
from stores.services import Services

LOCALES = ("zh_CN", "en")
#: Every response: scripts, styles, images and requests from this origin only (the pages use
#: inline styles, no inline script), no framing, no MIME sniffing, no referrer to other sites.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
#: Photos: six of at most 10 MB each, plus the form's text.
MAX_REQUEST_BYTES = 6 * 10 * 1024 * 1024 + 512 * 1024


def select_locale() -> str:
    """Simplified Chinese unless the visitor chose English (?lang=en, kept in a cookie)."""
    chosen = request.args.get("lang") or request.cookies.get("lang")
    return chosen if chosen in LOCALES else "zh_CN"


def _wants_json() -> bool:
    path = request.path
    return path.startswith(("/api/", "/open311/")) or path in ("/healthz", "/readyz")


def _configure(app: Flask, settings: Settings) -> None:
    secure = settings.public_url.startswith("https://")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=secure,
        BABEL_DEFAULT_LOCALE="zh_CN",
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        BABEL_TRANSLATION_DIRECTORIES="portal/translations",
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        DUCHA_REPORT_RATE_LIMIT=settings.report_rate_limit,
    )
    ratelimits.init_app(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if settings.proxy_hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops
        )


def _error_handlers(app: Flask) -> None:
    def respond(status: int, code: str, message: str) -> Any:
        if _wants_json():
            return jsonify(error=code, message=message), status
        return render_template("portal/error.html", status=status, message=message), status

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Any:
        # pages speak the reader's language; JSON keeps the English message for machines
        message = error.message if _wants_json() else error.text(gettext)
        return respond(http_status(error), error.code, message)

    @app.errorhandler(EvidenceUnavailable)
    def evidence_unavailable(error: EvidenceUnavailable) -> Any:
        # the disk is full or the folder read-only: nothing was kept, trying later may work
        message = EVIDENCE_UNAVAILABLE if _wants_json() else "evidence_unavailable"
        return respond(503, "evidence_unavailable", message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        return respond(400, "csrf", "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if isinstance(error, UnsafeInput):
            # JSON says where in English; the page explains it in the reader's language
            message = str(error.description) if _wants_json() else "unsafe"
            return respond(400, "unsafe_input", message)
        status = error.code or 500
        return respond(status, f"http_{status}", f"http_{status}")


def create_app(environ: Mapping[str, str] | None = None) -> Flask:
    """Build the app; settings come from `environ` (default: the process environment)."""
    try:
        settings = load_settings(environ)
    except SettingsError as exc:
        sys.exit(f"ducha: bad setting: {exc}")
    app = Flask(__name__)
    _configure(app, settings)
    app.extensions["ducha"] = Services(settings)
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    CSRFProtect(app)
    _error_handlers(app)
    operations.init_app(app)  # first, so every request gets its id before other hooks run
    inputs.init_app(app)  # then no view sees a text that no store can hold

    @app.after_request
    def remember_language(response: Any) -> Any:
        chosen = request.args.get("lang")
        if chosen in LOCALES:
            response.set_cookie("lang", chosen, max_age=365 * 86400, samesite="Lax")
        return response

    @app.after_request
    def secure(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok")

    projections_cli.init_app(app)
    backup_cli.init_app(app)
    portal.init_app(app)
    admin.init_app(app)
    demo.init_app(app)
    return app


def create_web_app() -> Flask:
    """What gunicorn serves: the app, after checking that `db init` has run."""
    app = create_app()
    try:
        check_schema(app.extensions["ducha"].settings)
    except SchemaMissing as exc:
        sys.exit(f"ducha: {exc}")
    return app
