"""Saved phrases (常用语) per unit: the table unit_phrases

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 12:24:45.937863
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_phrases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_id", sa.String(length=100), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "text", name="uq_unit_phrases_text"),
    )
    with op.batch_alter_table("unit_phrases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_phrases_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("unit_phrases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_phrases_unit_id"))

    op.drop_table("unit_phrases")
