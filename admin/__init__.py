"""The officials' and auditors' side: workspace, staff accounts, demo data."""

from __future__ import annotations

from flask import Flask

# view modules: importing them puts their routes on bp and audit_bp, their commands on audit_cli
from admin import (  # noqa: F401
    audit_views,
    campaign_group_views,
    campaign_indicator_views,
    campaign_report_views,
    campaign_views,
    case_views,
    evidence_views,
    flag_views,
    import_views,
    ledger_cli,
    queue_views,
    rules_cli,
    staff_views,
    views,
)
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
