"""The request bodies of the staff API's case actions: one marshmallow schema per action, with
the fields of its case-page form (admin.cases.forms). Shape only, and strict about types: a
text is a JSON string (never a list or a number), a whole number is an integer or its digits
(never a boolean or a fraction), a flag is a boolean or a form's yes/no. An optional field is
left out when not given; null and unknown fields are refused. The rules are the domain's.

tests/admin/api/test_action_schemas.py keeps each schema's fields, required fields, limits and
choices equal to those of the action's form.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, fields, validate

from admin.cases.forms import (
    REBOUND_SOURCE_LABELS,
    SHORT_LIMIT,
    TEXT_LIMIT,
    YES_NO,
    YES_NO_UNKNOWN,
)
from core.domain.orgunits import OrgTree
from core.domain.values import AccountabilityForm, ContactOutcome, EvidenceKind

NOT_A_CHOICE = "Not a valid choice."
NULL_REFUSED = "Field may not be null; leave it out when it has no value."
#: Digits a form field may carry for a whole number (more would not be a sensible one).
_DIGITS = re.compile(r"[+-]?\d{1,18}")


class WholeNumber(fields.Integer):
    """An integer, or its digits as a multipart form sends them; never a boolean, a fraction,
    a list or other text."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            value = int(value)
        return super()._deserialize(value, attr, data, **kwargs)


class Flag(fields.Boolean):
    """A boolean, or a form's word for one ("y", "on", "true", "no", ...); never a number."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool | str):
            raise self.make_error("invalid", input=value)
        return bool(super()._deserialize(value, attr, data, **kwargs))


class UnitId(fields.String):
    """The id of an org unit of the deployment's tree: a responsible unit, or any unit."""

    def __init__(self, *, responsible: bool, **kwargs: Any) -> None:
        self.responsible = responsible
        super().__init__(**kwargs)


def required_text(limit: int = TEXT_LIMIT) -> fields.String:
    blank = validate.Regexp(r"\s*\S", error="Field may not be blank.")
    return fields.String(required=True, validate=[blank, validate.Length(max=limit)])


def optional_text(limit: int = SHORT_LIMIT) -> fields.String:
    return fields.String(validate=validate.Length(max=limit))


def choice(values: list[str], *, required: bool) -> fields.String:
    return fields.String(required=required, validate=validate.OneOf(values, error=NOT_A_CHOICE))


def _values(choices: list[tuple[str, Any]]) -> list[str]:
    return [value for value, _label in choices]


class ActionSchema(Schema):
    """What every action takes: the version of the case the caller read."""

    version = WholeNumber(required=True, metadata={"description": "the case's version as read"})

    def __init__(self, tree: OrgTree, **kwargs: Any) -> None:
        self.tree = tree  # before the fields are bound: UnitId takes its choices from it
        super().__init__(**kwargs)

    def on_bind_field(self, field_name: str, field_obj: fields.Field[Any]) -> None:
        field_obj.error_messages["null"] = NULL_REFUSED
        if isinstance(field_obj, UnitId):
            units = self.tree.responsible_units() if field_obj.responsible else list(self.tree)
            ids = [unit.id for unit in units]
            field_obj.validators = [*field_obj.validators, validate.OneOf(ids, error=NOT_A_CHOICE)]


class NoteSchema(ActionSchema):
    note = optional_text()


class DeclineSchema(ActionSchema):
    reason = required_text(SHORT_LIMIT)
    referral = optional_text(200)


class MergeSchema(ActionSchema):
    into = required_text(40)


class TransferSchema(ActionSchema):
    unit = UnitId(responsible=True, required=True)
    deadline = fields.Date()
    instructions = optional_text()


class PlanSchema(ActionSchema):
    text = required_text()


class CommentSchema(ActionSchema):
    comment = optional_text()


class ShortReasonSchema(ActionSchema):
    reason = required_text(SHORT_LIMIT)


class ProgressSchema(ActionSchema):
    text = required_text()
    percent = WholeNumber(required=True, validate=validate.Range(min=0, max=100))


class EvidenceSchema(ActionSchema):
    kind = choice([kind.value for kind in EvidenceKind], required=False)
    caption = optional_text(500)


class ExtensionSchema(ActionSchema):
    days = WholeNumber(required=True, validate=validate.Range(min=1, max=365))
    reason = required_text(SHORT_LIMIT)


class ClaimSchema(ActionSchema):
    report = required_text()
    substantiated = choice(_values(YES_NO_UNKNOWN), required=False)


class InspectionSchema(ActionSchema):
    findings = required_text()
    inspectors = required_text(500)
    lat = fields.Float(validate=validate.Range(min=-90, max=90))
    lon = fields.Float(validate=validate.Range(min=-180, max=180))


class OpinionSchema(ActionSchema):
    opinion = required_text()


class FailureSchema(ActionSchema):
    reason = required_text()
    deadline = fields.Date()


class NoticeSchema(ActionSchema):
    text = required_text()
    window_days = WholeNumber(required=True, validate=validate.Range(min=1, max=60))


class ResolutionSchema(ActionSchema):
    objection = required_text(40)
    upheld = choice(_values(YES_NO), required=False)
    resolution = required_text()


class SummarySchema(ActionSchema):
    summary = required_text()


class FindingsSchema(ActionSchema):
    findings = required_text()


class ReboundSchema(ActionSchema):
    reason = required_text()
    source = choice(_values(REBOUND_SOURCE_LABELS), required=True)


class AccountabilitySchema(ActionSchema):
    form = choice([form.value for form in AccountabilityForm], required=True)
    target_unit = UnitId(responsible=False, required=True)
    target_post = required_text(200)
    basis = required_text()


class ConclusionSchema(ActionSchema):
    accountability = required_text(40)
    outcome = required_text()


class PostNoteSchema(ActionSchema):
    text = required_text(SHORT_LIMIT)
    public = Flag()


class ContactRecordSchema(ActionSchema):
    outcome = choice([outcome.value for outcome in ContactOutcome], required=True)
    note = optional_text(2000)


class TypicalCaseSchema(ActionSchema):
    title = required_text(200)
    text = required_text()


#: Action name -> the schema of its request body.
ACTION_SCHEMAS: dict[str, type[ActionSchema]] = {
    "accept": NoteSchema,
    "decline": DeclineSchema,
    "merge": MergeSchema,
    "transfer": TransferSchema,
    "acknowledge": NoteSchema,
    "submit_plan": PlanSchema,
    "approve_plan": CommentSchema,
    "return_plan": ShortReasonSchema,
    "report_progress": ProgressSchema,
    "attach_evidence": EvidenceSchema,
    "request_extension": ExtensionSchema,
    "grant_extension": CommentSchema,
    "deny_extension": ShortReasonSchema,
    "claim_completion": ClaimSchema,
    "record_site_inspection": InspectionSchema,
    "verify": OpinionSchema,
    "fail_verification": FailureSchema,
    "open_public_notice": NoticeSchema,
    "resolve_objection": ResolutionSchema,
    "sign_off": CommentSchema,
    "close": SummarySchema,
    "pass_look_back": FindingsSchema,
    "rebound": ReboundSchema,
    "trigger_accountability": AccountabilitySchema,
    "conclude_accountability": ConclusionSchema,
    "post_note": PostNoteSchema,
    "record_contact": ContactRecordSchema,
    "propose_typical_case": TypicalCaseSchema,
    "approve_typical_case": TypicalCaseSchema,
}
