"""The auditors' blueprint (`/audit`): read-only pages over any case's history and the ledger.

Auditors log in as staff (`/admin/login`); every view here requires the auditor role.
"""

from __future__ import annotations

from flask import Blueprint

audit_bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="../templates")
