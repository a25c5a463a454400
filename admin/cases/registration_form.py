"""The registration form of /admin/cases/new: shape only; the domain checks the rules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FloatField,
    MultipleFileField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from admin.labels import CATEGORY_ZH, ORIGIN_ZH
from core.domain.orgunits import OrgTree, UnitKind
from core.domain.values import Category, Channel, Origin

PHONE = r"^\+?[0-9][0-9 -]{4,18}[0-9]$"
EMAIL = r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$"
CHANNEL_LABELS = {
    Channel.PHONE: _l("Phone call"),
    Channel.LETTER: _l("Letter"),
    Channel.VISIT: _l("Visit"),
    Channel.EMAIL: _l("E-mail"),
    Channel.HOTLINE_12345: _l("Transfer from the 12345 hotline"),
    Channel.HOTLINE_12369: _l("Transfer from the 12369 platform"),
    Channel.PORTAL: _l("Online report"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RegisterForm(FlaskForm):
    origin = SelectField(_l("What is registered"), [DataRequired()])
    channel = SelectField(_l("Channel"), [Optional()])
    external_ref = StringField(
        _l("External number (the platform's or the list's)"), [Optional(), Length(max=100)]
    )
    received_at = DateTimeLocalField(_l("Received at"), [Optional()], format="%Y-%m-%dT%H:%M")
    title = StringField(
        _l("Title (optional: the description's first line)"), [Optional(), Length(max=200)]
    )
    description = TextAreaField(
        _l("What is the problem?"),
        [DataRequired(message=_l("Please describe the problem.")), Length(max=4000)],
    )
    categories = MultiCheckboxField(
        _l("Categories"), [DataRequired(message=_l("Choose at least one kind of problem."))]
    )
    district = SelectField(_l("District or county"), [DataRequired()])
    township = SelectField(_l("Township or subdistrict (if known)"), [Optional()])
    address = StringField(_l("Address"), [Optional(), Length(max=300)])
    lat = FloatField(_l("Latitude"), [Optional(), NumberRange(-90, 90)])
    lon = FloatField(_l("Longitude"), [Optional(), NumberRange(-180, 180)])
    parent = StringField(_l("Problem of this measure (reference)"), [Optional(), Length(max=40)])
    deadline = DateField(_l("Deadline"), [Optional()])
    photos = MultipleFileField(_l("Photos or documents"))
    anonymous = BooleanField(_l("The complainant stays anonymous"))
    name = StringField(_l("Complainant's name"), [Optional(), Length(max=50)])
    phone = StringField(
        _l("Complainant's phone"),
        [Optional(), Regexp(PHONE, message=_l("Please enter a valid phone number."))],
    )
    email = StringField(
        _l("Complainant's e-mail"),
        [
            Optional(),
            Length(max=200),
            Regexp(EMAIL, message=_l("Please enter a valid e-mail address.")),
        ],
    )

    def fill_choices(self, tree: OrgTree, english: bool) -> None:
        self.origin.choices = [
            (o.value, o.value.replace("_", " ") if english else ORIGIN_ZH[o]) for o in Origin
        ]
        self.channel.choices = [("", _l("None (an inspection problem)"))] + [
            (c.value, label) for c, label in CHANNEL_LABELS.items() if c is not Channel.PORTAL
        ]
        self.categories.choices = [
            (c.value, c.value if english else CATEGORY_ZH[c]) for c in Category
        ]
        districts = tree.of_kind(UnitKind.DISTRICT, UnitKind.COUNTY)
        self.district.choices = [("", _l("Choose…"))] + [(u.id, u.name) for u in districts]
        self.township.choices = [("", _l("Not sure"))] + [
            (t.id, f"{d.name} · {t.name}")
            for d in districts
            for t in tree.children(d.id)
            if t.kind is UnitKind.TOWNSHIP
        ]

    def validate_lon(self, field: Any) -> None:
        if (self.lat.data is None) != (field.data is None):
            raise ValidationError(_l("Give both latitude and longitude, or neither."))
