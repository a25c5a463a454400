"""The officials' forms: shape only; accounts and grants are checked in stores.staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ChooseGrantForm(FlaskForm):
    grant_id = IntegerField(validators=[DataRequired()])


class LogoutForm(FlaskForm):
    pass
