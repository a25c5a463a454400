"""The public portal: residents report, follow and object; everyone reads public results."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

bp = Blueprint("portal", __name__, template_folder="templates")


@bp.get("/")
def index() -> str:
    return render_template("portal/index.html")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
