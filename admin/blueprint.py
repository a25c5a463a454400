"""The officials' blueprint, its rate limiter and its login manager (bound in `admin.init_app`)."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets",
)
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
login_manager.login_view = "admin.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "error"
#: Logins per client address; the lockout per account is in stores.staff.
LOGIN_LIMIT = "10 per minute"
