"""The staff API's marshmallow schemas: shape only. Output schemas dump read-model rows (the
case list's `CaseRow`, timeline rows), never aggregates."""

from __future__ import annotations

from marshmallow import Schema, fields

from admin.cases.search_args import CaseSearchSchema


class ErrorSchema(Schema):
    code = fields.String(required=True, metadata={"description": "machine-readable reason"})
    message = fields.String(required=True, metadata={"description": "what went wrong, in words"})


class CaseQuerySchema(CaseSearchSchema):
    """The filters of the case list, those of the officials' search page; unknown parameters
    and values are refused, not ignored."""


class CaseRowSchema(Schema):
    """One row of the case list (projections.cases.queries.CaseRow)."""

    case_id = fields.UUID(required=True)
    reference = fields.String(required=True)
    external_ref = fields.String(allow_none=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    origin = fields.String(required=True)
    categories = fields.List(fields.String(), required=True)
    district_id = fields.String(required=True)
    township_id = fields.String(allow_none=True)
    address = fields.String(required=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    enterprise_name = fields.String(allow_none=True)
    responsible_unit = fields.String(allow_none=True)
    status = fields.String(required=True)
    round = fields.Integer(required=True)
    deadline = fields.Date(allow_none=True)
    plan_status = fields.String(allow_none=True)
    extension_pending = fields.Boolean(required=True)
    open_objections = fields.Integer(required=True)
    signed_off = fields.Boolean(required=True)
    notice_ends_on = fields.Date(allow_none=True)
    accountability_open = fields.Integer(required=True)
    linked_complaints = fields.Integer(required=True)
    parent_id = fields.UUID(allow_none=True)
    children = fields.Integer(required=True)
    version = fields.Integer(required=True, metadata={"description": "send it back with actions"})
    reported_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    overdue = fields.Boolean(required=True)


class CasePageSchema(Schema):
    items = fields.List(fields.Nested(CaseRowSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class TimelineEntrySchema(Schema):
    """One row of the timeline projection."""

    notification_id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    event_type = fields.String(required=True)
    recorded_at = fields.AwareDateTime(required=True)
    effective_date = fields.Date(allow_none=True)
    actor_user_id = fields.String(required=True)
    actor_unit_id = fields.String(required=True)
    actor_role = fields.String(required=True)
    summary_zh = fields.String(required=True)
    summary_en = fields.String(required=True)
    is_public = fields.Boolean(required=True)


class CaseDetailSchema(Schema):
    case = fields.Nested(CaseRowSchema, required=True)
    timeline = fields.List(fields.Nested(TimelineEntrySchema), required=True)
    actions = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "the actions the caller may take now"},
    )


class ActionResultSchema(Schema):
    reference = fields.String(required=True)
    action = fields.String(required=True)
    notification_id = fields.Integer(required=True)
    version = fields.Integer(required=True, metadata={"description": "the case's new version"})
