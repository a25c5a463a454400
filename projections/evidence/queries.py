"""Who may have a stored file: the cases that hold it, and whether one of them is public."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import or_, select

from projections.cases.queries import Bind, connect
from projections.evidence.projection import evidence_files
from projections.public.projection import public_cases


def cases_holding(bind: Bind, sha: str) -> list[UUID]:
    """The cases a file is attached to, by its own hash or its public copy's."""
    files = evidence_files.c
    query = select(files.case_id).where(or_(files.sha256 == sha, files.public_sha256 == sha))
    with connect(bind) as conn:
        return list(dict.fromkeys(conn.execute(query).scalars()))


def is_public_photo(bind: Bind, public_sha: str) -> bool:
    """Whether this is the public copy of a photo attached to a case shown to the public."""
    query = (
        select(evidence_files.c.case_id)
        .join(public_cases, public_cases.c.case_id == evidence_files.c.case_id)
        .where(evidence_files.c.public_sha256 == public_sha)
        .limit(1)
    )
    with connect(bind) as conn:
        return conn.execute(query).first() is not None
