"""How a refusal of the domain reads over HTTP: one status per kind of DomainError, for every
answer that carries one (the case page, the campaign pages, the staff API, the app's handler)."""

from __future__ import annotations

from core.domain.errors import (
    ConcurrentModification,
    DomainError,
    IllegalTransition,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
    UnknownOrgUnit,
)

#: Checked in order; subclasses (OutOfJurisdiction, CaseNotFound, ...) take their base's status.
_STATUS_OF: tuple[tuple[type[DomainError], int], ...] = (
    (InvalidInput, 400),
    (UnknownOrgUnit, 400),
    (PermissionDenied, 403),
    (NotFound, 404),
    (IllegalTransition, 409),
    (ConcurrentModification, 409),
    (RuleViolation, 422),
)


def http_status(error: DomainError) -> int:
    """The HTTP status of a refusal; 400 for a kind not listed."""
    return next((status for kind, status in _STATUS_OF if isinstance(error, kind)), 400)
