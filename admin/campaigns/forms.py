"""The campaign pages' forms: shape only; the Campaign aggregate checks the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.campaign.rules import Outcome
from core.domain.values import Origin

ORIGIN_LABELS = {
    Origin.CENTRAL_FEEDBACK.value: _l("Central feedback problems"),
    Origin.MEASURE.value: _l("Rectification measures"),
    Origin.LOOK_BACK.value: _l("Look-back problems"),
    Origin.CENTRAL_PETITION.value: _l("Transferred petitions"),
    Origin.PROVINCIAL_PROBLEM.value: _l("Provincial problems"),
    Origin.PROVINCIAL_PETITION.value: _l("Provincial petitions"),
    Origin.ON_SITE.value: _l("On-site problems"),
    Origin.SELF_FOUND.value: _l("Self-found problems"),
    Origin.RESIDENT_COMPLAINT.value: _l("Resident complaints"),
}
OUTCOME_LABELS = {
    Outcome.COMMENDATION.value: _l("Commendation"),
    Outcome.NONE.value: _l("No outcome"),
    Outcome.CRITICISM.value: _l("Criticism"),
    Outcome.ACCOUNTABILITY.value: _l("Accountability"),
}
_LISTS = [(o, label) for o, label in ORIGIN_LABELS.items() if o != Origin.MEASURE.value]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("Starts on"), validators=[InputRequired()])
    ends_on = DateField(_l("Ends on"), validators=[InputRequired()])
    origins = CheckboxesField(_l("Problem lists checked"), choices=_LISTS)


class GroupForm(FlaskForm):
    unit_id = SelectField(_l("Inspection group"), validators=[DataRequired()])
    districts = CheckboxesField(_l("Districts"))
    leader_name = StringField(_l("Leader"), validators=[DataRequired(), Length(max=100)])
    leader_user = StringField(_l("Leader's account"), validators=[Length(max=64)])
    leader_department = SelectField(_l("Leader's department"))
    deputies = TextAreaField(
        _l("Deputies, one a line: name, department"), validators=[Length(max=4000)]
    )
    members = TextAreaField(
        _l("Members, one a line: name, department"), validators=[Length(max=8000)]
    )


class MoveForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])


class DrawForm(FlaskForm):
    size = IntegerField(
        _l("Sample size"), validators=[InputRequired(), NumberRange(min=1, max=500)]
    )
    reason = TextAreaField(_l("Reason for a redraw"), validators=[Length(max=2000)])


class CheckForm(FlaskForm):
    reference = HiddenField(validators=[DataRequired()])
    passed = BooleanField(_l("The rectification holds on site"))
    note = TextAreaField(
        _l("What the site check found"), validators=[DataRequired(), Length(max=4000)]
    )


class ReportForm(FlaskForm):
    findings = TextAreaField(_l("Findings"), validators=[DataRequired(), Length(max=20000)])
    cases_found = TextAreaField(
        _l("Cases found (references, one a line)"), validators=[Length(max=20000)]
    )
    recommendations = TextAreaField(
        _l("Recommendations"), validators=[DataRequired(), Length(max=20000)]
    )


class SignForm(FlaskForm):
    pass


class OutcomeForm(FlaskForm):
    district_id = HiddenField(validators=[DataRequired()])
    outcome = SelectField(_l("Outcome"), choices=list(OUTCOME_LABELS.items()))
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=4000)])
    score = FloatField(validators=[Optional()])


class IndicatorUploadForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])


class IndicatorApplyForm(FlaskForm):
    content = HiddenField(validators=[DataRequired(), Length(max=1_000_000)])


INDICATOR_LABELS = {
    "pm25": _l("PM2.5 (µg/m³, at most)"),
    "good_air_days": _l("Good-air days (%, at least)"),
    "water_class_i_iii": _l("Sections at Class I–III (%, at least)"),
    "black_odorous": _l("Black-odorous water bodies (at most)"),
}
