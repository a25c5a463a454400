"""Auditors' pages (/audit): history, state, exports, flags; the `audit` CLI."""
