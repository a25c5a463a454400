"""The officials' and auditors' side: workspace, staff accounts, demo data."""

from __future__ import annotations

from flask import Flask

import admin.audit_views  # views on audit_bp
import admin.campaign_group_views  # campaign pages on bp
import admin.campaign_indicator_views
import admin.campaign_report_views
import admin.campaign_views
import admin.evidence_views  # noqa: F401  (evidence files on bp)
import admin.flag_views  # noqa: F401  (integrity flags on audit_bp)
import admin.ledger_cli  # noqa: F401
import admin.rules_cli  # noqa: F401  (audit scan, audit import-readings)
from admin import case_views, queue_views, views  # noqa: F401  (views on bp)
from admin.api import init_app as init_api
from admin.audit_blueprint import audit_bp
from admin.audit_cli import audit_cli
from admin.blueprint import bp, limiter, login_manager
from admin.campaign_cli import campaigns_cli
from admin.cases_cli import cases_cli
from admin.cli import staff_cli
from admin.demo import demo_cli


def init_app(app: Flask) -> None:
    secure = app.extensions["ducha"].settings.public_url.startswith("https://")
    app.config.update(
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
    )
    app.register_blueprint(bp)
    app.register_blueprint(audit_bp)
    init_api(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    app.cli.add_command(demo_cli)
    app.cli.add_command(cases_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(campaigns_cli)
