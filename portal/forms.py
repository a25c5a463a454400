"""The portal's forms: shape only (lengths, formats, choices); rules live in the domain."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from core.domain.orgunits import OrgTree
from portal.helpers import CATEGORY_LABELS, districts, townships

MAX_PHOTOS = 6
PHONE = r"^\+?[0-9][0-9 -]{5,18}[0-9]$"
EMAIL = r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _max_photos(form: Any, field: Any) -> None:
    files = [f for f in (field.data or []) if getattr(f, "filename", "")]
    if len(files) > MAX_PHOTOS:
        raise ValidationError(_l("At most 6 photos."))


class ContactMixin:
    """Optional contact details, never shown to the public."""

    anonymous = BooleanField(_l("Report anonymously"))
    name = StringField(_l("Name"), [Optional(), Length(max=50)])
    phone = StringField(
        _l("Phone"), [Optional(), Regexp(PHONE, message=_l("Please enter a valid phone number."))]
    )
    email = StringField(
        _l("E-mail"),
        [
            Optional(),
            Length(max=200),
            Regexp(EMAIL, message=_l("Please enter a valid e-mail address.")),
        ],
    )


class ReportForm(ContactMixin, FlaskForm):
    categories = MultiCheckboxField(
        _l("What kind of problem? (choose one or more)"),
        [DataRequired(message=_l("Choose at least one kind of problem."))],
        choices=[(c.value, label) for c, label in CATEGORY_LABELS.items()],
    )
    district = SelectField(
        _l("District or county"), [DataRequired(message=_l("Choose a district or county."))]
    )
    township = SelectField(_l("Township or subdistrict (if known)"), [Optional()])
    address = StringField(
        _l("Where exactly?"),
        [DataRequired(message=_l("Please say where the problem is.")), Length(max=300)],
    )
    lat = FloatField(_l("Latitude"), [Optional(), NumberRange(-90, 90)])
    lon = FloatField(_l("Longitude"), [Optional(), NumberRange(-180, 180)])
    description = TextAreaField(
        _l("What is the problem?"),
        [
            DataRequired(message=_l("Please describe the problem.")),
            Length(max=4000, message=_l("At most 4,000 characters.")),
        ],
    )
    photos = MultipleFileField(
        _l("Photos (up to 6, JPEG, PNG or WebP, at most 10 MB each)"), [_max_photos]
    )
    website = StringField(_l("Leave this empty"))  # honeypot: people never see it

    def fill_choices(self, tree: OrgTree) -> None:
        self.district.choices = [("", _l("Choose…"))] + [(u.id, u.name) for u in districts(tree)]
        groups: dict[str, list[tuple[str, str]]] = {}
        for district in districts(tree):
            groups[district.name] = [(t.id, t.name) for t in townships(tree, district.id)]
        self.township.choices = {"": [("", _l("Not sure"))], **groups}

    def validate_lon(self, field: Any) -> None:
        if (self.lat.data is None) != (field.data is None):
            raise ValidationError(_l("Give both latitude and longitude, or neither."))


class TrackForm(FlaskForm):
    code = StringField(
        _l("Tracking code"),
        [DataRequired(message=_l("Enter the tracking code.")), Length(max=40)],
    )
    secret = StringField(
        _l("Secret"), [DataRequired(message=_l("Enter the secret.")), Length(max=100)]
    )


class MaterialForm(FlaskForm):
    text = TextAreaField(_l("What would you like to add?"), [Optional(), Length(max=4000)])
    photos = MultipleFileField(_l("Photos (up to 6)"), [_max_photos])


class ObjectionForm(FlaskForm):
    text = TextAreaField(
        _l("Why do you object to the result?"),
        [DataRequired(message=_l("Please give your reasons.")), Length(max=4000)],
    )


class FeedbackForm(FlaskForm):
    fixed = RadioField(
        _l("Is the problem fixed?"),
        [InputRequired(message=_l("Please choose an answer."))],
        choices=[("yes", _l("Yes, it is fixed")), ("no", _l("No, it is not fixed"))],
    )
    text = TextAreaField(_l("Anything to add? (optional)"), [Optional(), Length(max=4000)])


class LinkForm(FlaskForm):
    """The choice on the "is it one of these?" page."""

    choice = StringField(validators=[DataRequired(), Length(max=40)])
