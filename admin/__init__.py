"""The officials' and auditors' side: casework, lists, staff, campaigns, audit, the staff API."""

from __future__ import annotations

from flask import Flask

from admin import home
from admin.api import init_app as init_api
from admin.audit import contact_reads as audit_contact_reads
from admin.audit import flags as audit_flags
from admin.audit import ledger_cli, rules_cli
from admin.audit import views as audit_views
from admin.audit.blueprint import audit_bp
from admin.audit.cli import audit_cli
from admin.blueprint import bp, limiter, login_manager
from admin.campaigns import groups as campaign_groups
from admin.campaigns import indicator_views as campaign_indicators
from admin.campaigns import reports as campaign_reports
from admin.campaigns import views as campaign_views
from admin.campaigns.cli import campaigns_cli
from admin.cases import contact as case_contact
from admin.cases import evidence as case_evidence
from admin.cases import papers as case_papers
from admin.cases import phrases as case_phrases
from admin.cases import queues as case_queues
from admin.cases import registration as case_registration
from admin.cases import search as case_search
from admin.cases import views as case_views
from admin.lists import views as list_views
from admin.lists.cli import cases_cli
from admin.staff import views as staff_views
from admin.staff.cli import staff_cli

#: The modules whose routes sit on `bp` (/admin) and `audit_bp` (/audit), and whose commands sit
#: on `audit_cli`: a module that defines routes or commands must be listed here to be served.
ROUTE_MODULES = (
    home,
    case_views,
    case_queues,
    case_search,
    case_phrases,
    case_evidence,
    case_contact,
    case_papers,
    case_registration,
    list_views,
    staff_views,
    campaign_views,
    campaign_groups,
    campaign_indicators,
    campaign_reports,
    audit_views,
    audit_flags,
    audit_contact_reads,
    ledger_cli,
    rules_cli,
)


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
    app.cli.add_command(cases_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(campaigns_cli)
