"""The public portal: residents report, follow and object; everyone reads public results."""

from __future__ import annotations

from typing import Any

from flask import Flask

from portal import citymap, feeds, home, open311, public, report, stats, track  # noqa: F401
from portal.blueprint import bp, limiter
from portal.helpers import STATUS_SHORT, STATUS_WORDS, category_label, unit_name


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "status_words": STATUS_WORDS,
        "status_short": STATUS_SHORT,
        "unit_name": unit_name,
        "category_label": category_label,
    }


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    open311.init_app(app)
    limiter.init_app(app)
