"""The portal's blueprint and rate limiter (bound to the app in `portal.init_app`)."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

bp = Blueprint(
    "portal",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
limiter = Limiter(key_func=get_remote_address)


def report_limit() -> str:
    return str(current_app.config["DUCHA_REPORT_RATE_LIMIT"])
