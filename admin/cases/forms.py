"""The forms of the case page, one per action: shape only; the domain checks the rules.

Every form carries the case version the official saw, so a stale submission is refused.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from core.domain.values import AccountabilityForm, ContactOutcome, EvidenceKind

TEXT_LIMIT = 20_000
SHORT_LIMIT = 4_000
YES_NO_UNKNOWN = [("unknown", _l("Not determined")), ("yes", _l("Yes")), ("no", _l("No"))]
YES_NO = [("no", _l("No")), ("yes", _l("Yes"))]
REBOUND_SOURCE_LABELS = [
    ("look_back", _l("Look-back")),
    ("complaint", _l("New complaint")),
    ("monitoring", _l("Monitoring data")),
    ("feedback", _l("Resident feedback")),
    ("inspection", _l("Inspection")),
]


def _required(limit: int = TEXT_LIMIT) -> list[object]:
    return [DataRequired(), Length(max=limit)]


def _optional(limit: int = SHORT_LIMIT) -> list[object]:
    return [Optional(), Length(max=limit)]


class ActionForm(FlaskForm):
    """The version of the case the form was shown for."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class PhotosMixin:
    photos = MultipleFileField(_l("Photos or documents"))


class AcceptForm(ActionForm):
    note = TextAreaField(_l("Note"), validators=_optional())


class DeclineForm(ActionForm):
    reason = TextAreaField(_l("Reason"), validators=_required(SHORT_LIMIT))
    referral = StringField(_l("Referred to"), validators=_optional(200))


class MergeForm(ActionForm):
    into = StringField(_l("Merge into (reference)"), validators=_required(40))


class TransferForm(ActionForm):
    unit = SelectField(_l("Responsible unit"), validators=[DataRequired()])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    instructions = TextAreaField(_l("Instructions"), validators=_optional())


class AcknowledgeForm(ActionForm):
    note = TextAreaField(_l("Note"), validators=_optional())


class SubmitPlanForm(ActionForm):
    text = TextAreaField(_l("Rectification plan"), validators=_required())


class ApprovePlanForm(ActionForm):
    comment = TextAreaField(_l("Comment"), validators=_optional())


class ReturnPlanForm(ActionForm):
    reason = TextAreaField(_l("Reason"), validators=_required(SHORT_LIMIT))


class ReportProgressForm(PhotosMixin, ActionForm):
    text = TextAreaField(_l("Progress"), validators=_required())
    percent = IntegerField(
        _l("Percent done"), validators=[InputRequired(), NumberRange(min=0, max=100)]
    )


class AttachEvidenceForm(PhotosMixin, ActionForm):
    kind = SelectField(
        _l("Kind"),
        choices=[
            (EvidenceKind.BEFORE.value, _l("Before")),
            (EvidenceKind.AFTER.value, _l("After")),
            (EvidenceKind.DOCUMENT.value, _l("Document")),
            (EvidenceKind.MONITORING.value, _l("Monitoring")),
            (EvidenceKind.OTHER.value, _l("Other")),
        ],
        default=EvidenceKind.AFTER.value,
    )
    caption = StringField(_l("Caption"), validators=_optional(500))


class RequestExtensionForm(ActionForm):
    days = IntegerField(_l("Days"), validators=[InputRequired(), NumberRange(min=1, max=365)])
    reason = TextAreaField(_l("Reason"), validators=_required(SHORT_LIMIT))


class GrantExtensionForm(ActionForm):
    comment = TextAreaField(_l("Comment"), validators=_optional())


class DenyExtensionForm(ActionForm):
    reason = TextAreaField(_l("Reason"), validators=_required(SHORT_LIMIT))


class ClaimCompletionForm(PhotosMixin, ActionForm):
    report = TextAreaField(_l("Completion report"), validators=_required())
    substantiated = SelectField(
        _l("Complaint substantiated"), choices=YES_NO_UNKNOWN, default="unknown"
    )


class SiteInspectionForm(PhotosMixin, ActionForm):
    findings = TextAreaField(_l("Findings"), validators=_required())
    inspectors = StringField(_l("Inspectors (comma-separated)"), validators=_required(500))
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(min=-90, max=90)])
    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(min=-180, max=180)])


class VerifyForm(ActionForm):
    opinion = TextAreaField(_l("Opinion"), validators=_required())


class FailVerificationForm(ActionForm):
    reason = TextAreaField(_l("Reason"), validators=_required())
    deadline = DateField(_l("New deadline"), validators=[Optional()])


class OpenNoticeForm(ActionForm):
    text = TextAreaField(_l("Notice text"), validators=_required())
    window_days = IntegerField(
        _l("Window (working days)"),
        default=5,
        validators=[InputRequired(), NumberRange(min=1, max=60)],
    )


class ResolveObjectionForm(ActionForm):
    # the open objections are the case's, and the domain checks the one chosen is still open
    objection = SelectField(_l("Objection"), validators=[DataRequired()], validate_choice=False)
    upheld = SelectField(_l("Upheld"), choices=YES_NO, default="no")
    resolution = TextAreaField(_l("Resolution"), validators=_required())


class SignOffForm(ActionForm):
    comment = TextAreaField(_l("Comment"), validators=_optional())


class CloseForm(ActionForm):
    summary = TextAreaField(_l("Closing summary"), validators=_required())


class LookBackForm(ActionForm):
    findings = TextAreaField(_l("Findings"), validators=_required())


class ReboundForm(ActionForm):
    reason = TextAreaField(_l("Reason"), validators=_required())
    source = SelectField(_l("Found by"), choices=REBOUND_SOURCE_LABELS, validators=[DataRequired()])


class TriggerAccountabilityForm(ActionForm):
    form = SelectField(
        _l("Form of accountability"),
        choices=[
            (AccountabilityForm.TALK.value, _l("Talk")),
            (AccountabilityForm.CIRCULATED_CRITICISM.value, _l("Circulated criticism")),
            (AccountabilityForm.ADMONITION.value, _l("Admonition")),
            (AccountabilityForm.ORGANISATIONAL.value, _l("Organisational measure")),
            (AccountabilityForm.DISCIPLINARY.value, _l("Disciplinary sanction")),
            (AccountabilityForm.REFERRAL.value, _l("Referral")),
        ],
        validators=[DataRequired()],
    )
    target_unit = SelectField(_l("Unit held to account"), validators=[DataRequired()])
    target_post = StringField(_l("Post held to account"), validators=_required(200))
    basis = TextAreaField(_l("Basis"), validators=_required())


class ConcludeAccountabilityForm(ActionForm):
    accountability = SelectField(
        _l("Accountability"), validators=[DataRequired()], validate_choice=False
    )
    outcome = TextAreaField(_l("Outcome"), validators=_required())


class NoteForm(ActionForm):
    text = TextAreaField(_l("Note"), validators=_required(SHORT_LIMIT))
    public = BooleanField(_l("Public"))


class RecordContactForm(ActionForm):
    outcome = SelectField(
        _l("Contact outcome"),
        choices=[
            (ContactOutcome.CALLED_BACK.value, _l("Called back")),
            (ContactOutcome.RESULT_TOLD.value, _l("Result told")),
            (ContactOutcome.UNREACHABLE.value, _l("Unreachable")),
        ],
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Note (no phone numbers or e-mail addresses)"), validators=_optional(2000)
    )


class TypicalCaseForm(ActionForm):
    title = StringField(_l("Public title"), validators=_required(200))
    text = TextAreaField(_l("Public text"), validators=_required())
    preview = SubmitField(_l("Preview the redaction"))
