"""One HTTP status per kind of refusal, for every front end; a subclass takes its base's."""

from __future__ import annotations

import pytest

from core.campaign.service import CampaignNotFound
from core.domain.errors import (
    CaseNotFound,
    ConcurrentModification,
    DomainError,
    IllegalTransition,
    InvalidInput,
    OutOfJurisdiction,
    PermissionDenied,
    RuleViolation,
    SeparationOfDuties,
    UnknownOrgUnit,
)
from ops.refusals import http_status


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidInput("a reason is required"), 400),
        (UnknownOrgUnit("unknown org unit %(unit_id)s", unit_id="'x'"), 400),
        (PermissionDenied("the auditor role may not accept a case"), 403),
        (OutOfJurisdiction("the case lies outside the jurisdiction of Xishan"), 403),
        (SeparationOfDuties("the same unit may not claim completion and verify"), 403),
        (CaseNotFound("no case with id 1"), 404),
        (CampaignNotFound("no campaign with id 1"), 404),
        (IllegalTransition("cannot close a case that is reported"), 409),
        (ConcurrentModification("case X changed since you opened it"), 409),
        (RuleViolation("attach evidence first"), 422),
        (DomainError("a refusal of no particular kind"), 400),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, DomainError) else str(value),
)
def test_each_kind_of_refusal_has_its_status(error: DomainError, status: int) -> None:
    assert http_status(error) == status
