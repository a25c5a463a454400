"""The checkpoints the ledger's sealer signed (projections/ledger/sealer.py).

Authoritative: a rebuild of the ledger recomputes its leaves but cannot recompute what was signed
and when, so this table is kept, backed up and migrated like the other stores.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, LargeBinary, String, Table, Text

from core.ledger.tree import HASH_SIZE
from stores.db import stores_metadata

ledger_checkpoints = Table(
    "ledger_checkpoints",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tree_size", BigInteger, nullable=False),
    Column("root", LargeBinary(HASH_SIZE), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
    Column("file_name", String(200), nullable=False),
)
