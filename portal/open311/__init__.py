"""Open311 GeoReport v2 at /open311/v2: discovery, services, requests, tokens, request updates."""

from __future__ import annotations

from flask import Flask

from portal.open311 import intake, requests, services  # noqa: F401  (views on bp)
from portal.open311.blueprint import bp


def init_app(app: Flask) -> None:
    """Register the blueprint; machines post form fields with a key, so no CSRF token here."""
    app.register_blueprint(bp)
    app.extensions["csrf"].exempt(bp)
