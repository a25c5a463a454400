"""Saved phrases (常用语): an office or unit official keeps their unit's phrases here, and the
case page lists them under every note and opinion to copy (or, with JavaScript, to insert)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from admin.auth import current_actors, requires_roles, services
from admin.blueprint import bp
from admin.cases.queues import denied, unit_name
from core.domain.roles import Role
from stores.phrases import MAX_LENGTH, PhraseError, add_phrase, get_phrase, phrases_of
from stores.phrases import remove_phrase as remove_stored

#: The roles that keep their unit's phrases.
KEEPERS = (Role.OFFICE, Role.UNIT)


class PhraseForm(FlaskForm):
    unit = SelectField(_l("Unit"), validators=[DataRequired()])
    text = TextAreaField(_l("Phrase"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class RemovePhraseForm(FlaskForm):
    pass


def _my_units() -> list[str]:
    """The units the official acts for (a unit official's every unit grant)."""
    return list(dict.fromkeys(a.unit_id for a in current_actors()))


def _page(form: PhraseForm, status: int = 200) -> Any:
    units = _my_units()
    body = render_template(
        "admin/phrases.html",
        form=form,
        remove_form=RemovePhraseForm(),
        units=units,
        phrases=phrases_of(services().engine, units),
        unit_name=unit_name,
    )
    return body, status


def _form() -> PhraseForm:
    form = PhraseForm()
    form.unit.choices = [(u, unit_name(u)) for u in _my_units()]
    return form


@bp.get("/phrases", endpoint="phrases")
@requires_roles(*KEEPERS)
def phrases_page() -> Any:
    return _page(_form())


@bp.post("/phrases", endpoint="add_phrase")
@requires_roles(*KEEPERS)
def add() -> Any:
    form = _form()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        add_phrase(
            services().engine, services().tree, form.unit.data, form.text.data,
            current_actors()[0].user_id, datetime.now(UTC),
        )  # fmt: skip
    except PhraseError as error:
        form.text.errors = [error.text(_)]
        return _page(form, 400)
    flash(_("The phrase is saved."), "success")
    return redirect(url_for("admin.phrases"), code=303)


@bp.post("/phrases/<int:phrase_id>/remove", endpoint="remove_phrase")
@requires_roles(*KEEPERS)
def remove(phrase_id: int) -> Any:
    phrase = get_phrase(services().engine, phrase_id)
    if phrase is None:
        abort(404)
    if phrase.unit_id not in _my_units():
        return denied(_("This phrase belongs to another unit."))
    if not RemovePhraseForm().validate_on_submit():
        abort(400)
    try:
        remove_stored(services().engine, phrase_id)
    except PhraseError:
        abort(404)  # removed by a colleague a moment ago
    flash(_("The phrase is removed."), "success")
    return redirect(url_for("admin.phrases"), code=303)
