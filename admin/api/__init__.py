"""The staff JSON API at /api/v1: cases, timelines, transitions and evidence, by API key."""

from __future__ import annotations

from flask import Flask

from admin.api import cases, openapi, registration, transitions  # noqa: F401  (views on bp)
from admin.api.blueprint import bp
from admin.api.cli import api_keys_cli


def init_app(app: Flask) -> None:
    """Register the blueprint (no CSRF: callers send a key, not a cookie) and the CLI."""
    app.register_blueprint(bp)
    app.extensions["csrf"].exempt(bp)
    app.cli.add_command(api_keys_cli)
