"""The integrity-flag projection's tables: the flags, the reviews, and the cross-case indexes
the rules R4, R5, R8 and R10 read (photos, texts, new reports, closings, completion claims)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from projections.engine.metadata import read_model_metadata

flags = Table(
    "integrity_flags",
    read_model_metadata,
    Column("flag_id", String(24), primary_key=True),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("reference", String(40), nullable=False),
    Column("rule", String(4), nullable=False, index=True),
    Column("severity", String(8), nullable=False),
    Column("explanation", Text, nullable=False),  # English, as the rule wrote it
    Column("template", Text),  # its template, for pages to translate ...
    Column("params", Text),  # ... and the template's values (JSON)
    Column("cited", Text, nullable=False),  # "case_id:version" items, space-separated
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Column("month", String(7), nullable=False),
    Column("district_id", String(64), nullable=False),
    Column("unit_id", String(64)),
    Column("proposal", String(16)),
)

#: Every case the projection has seen: the version it reached, for reloading its history.
flag_cases = Table(
    "flag_cases",
    read_model_metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("reference", String(40), nullable=False),
    Column("district_id", String(64), nullable=False),
    Column("unit_id", String(64)),
)

flag_reviews = Table(
    "flag_reviews",
    read_model_metadata,
    Column("flag_id", String(24), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("review_id", Uuid, nullable=False, index=True),
    Column("case_id", Uuid, nullable=False),
    Column("decision", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("reviewer", String(100), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
)

#: One row per photo and key ("sha:<sha256>" or "ph:<band of the perceptual hash>").
photo_index = Table(
    "flag_photo_index",
    read_model_metadata,
    Column("key", String(80), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("phash", String(32)),
    Index("ix_flag_photo_index_key_at", "key", "at"),
)

#: One row per text and LSH band; the MinHash signature rides along.
text_index = Table(
    "flag_text_index",
    read_model_metadata,
    Column("key", String(120), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("signature", Text, nullable=False),
    Index("ix_flag_text_index_key_at", "key", "at"),
)


def _placed(name: str) -> Table:
    """New reports (R8's complaints) or closings, placed for a near-by search."""
    return Table(
        name,
        read_model_metadata,
        Column("case_id", Uuid, nullable=False),
        Column("version", Integer, nullable=False),
        Column("reference", String(40), nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("categories", String(200), nullable=False),
        Column("lat", Float),
        Column("lon", Float),
        Column("enterprise_code", String(18)),
        Index(f"ix_{name}_lat", "lat"),
        Index(f"ix_{name}_enterprise", "enterprise_code"),
    )


report_index = _placed("flag_report_index")
closing_index = _placed("flag_closing_index")

claim_index = Table(
    "flag_claim_index",
    read_model_metadata,
    Column("case_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Index("ix_flag_claim_index_unit_at", "unit_id", "at"),
)

INDEX_TABLES = (photo_index, text_index, report_index, closing_index, claim_index)
TABLES = (flags, flag_cases, flag_reviews, *INDEX_TABLES)
