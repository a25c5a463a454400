"""Auditor fixtures: the officials' accounts (`sun` is the city's auditor), the read engine, and
the web app with a caught-up read side, shared with the admin tests."""

from __future__ import annotations

from tests.admin.audit.ledger_world import sealed  # noqa: F401  (fixture)
from tests.admin.casework import officials, site, sync  # noqa: F401  (fixtures)
from tests.admin.conftest import engine, quick_password_hashing, tree  # noqa: F401  (fixtures)
