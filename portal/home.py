"""The home page: what Ducha is for, the two things residents come to do, recent results."""

from __future__ import annotations

from typing import Any

from flask import render_template
from sqlalchemy import select

from portal.blueprint import bp
from portal.helpers import services
from projections.public.projection import public_cases


@bp.get("/", endpoint="index")
def index() -> Any:
    with services().engine.connect() as conn:
        recent = conn.execute(
            select(public_cases).order_by(public_cases.c.updated_at.desc()).limit(5)
        ).all()
    return render_template("portal/index.html", recent=recent)
