"""`flask --app wsgi audit ...`: the auditors' commands.

The group is defined here; the ledger commands (keygen, checkpoint, verify) and the rule scan
attach to it from their own modules, imported by `admin.init_app`.
"""

from __future__ import annotations

from flask.cli import AppGroup

audit_cli = AppGroup("audit", help="Signing key, ledger checkpoints and verification, rule scans.")
