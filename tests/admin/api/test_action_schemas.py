"""Each action's API schema takes what its case-page form takes: the same fields, of the same
kind, required alike, with the same limits and choices; and the schemas refuse what a strict
reading of JSON refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from marshmallow import ValidationError, fields, validate
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FloatField,
    IntegerField,
    MultipleFileField,
    SelectField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from admin.api.action_schemas import ACTION_SCHEMAS, NULL_REFUSED, Flag, UnitId, WholeNumber
from admin.cases.actions import REGISTRY, UiAction
from core.domain.orgunits import OrgTree

TREE = OrgTree.default()
#: form field class -> the schema field class that takes the same values
KINDS: list[tuple[type[Field], type[fields.Field[Any]]]] = [
    (IntegerField, WholeNumber),
    (FloatField, fields.Float),
    (DateField, fields.Date),
    (BooleanField, Flag),
]


@pytest.fixture(scope="module", autouse=True)
def request_context() -> Iterator[None]:
    """Forms are made inside a request, as the case page makes them."""
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "forms-only"
    with app.test_request_context():
        yield


def form_fields(ui: UiAction) -> dict[str, Field]:
    form = ui.form_class(formdata=None, meta={"csrf": False})
    return {f.name: f for f in form if not isinstance(f, SubmitField | MultipleFileField)}


def _limit(schema_field: fields.Field[Any], kind: type[Any]) -> Any:
    return next((v for v in schema_field.validators if isinstance(v, kind)), None)


def test_every_action_has_a_schema() -> None:
    assert set(ACTION_SCHEMAS) == {ui.name for ui in REGISTRY}


@pytest.mark.parametrize("ui", REGISTRY, ids=lambda ui: ui.name)
def test_the_schema_takes_what_the_form_takes(ui: UiAction) -> None:
    schema_fields = ACTION_SCHEMAS[ui.name](TREE).fields
    form = form_fields(ui)
    assert set(schema_fields) == set(form)
    for name, field in form.items():
        taken = schema_fields[name]
        required = any(isinstance(v, DataRequired | InputRequired) for v in field.validators)
        assert taken.required == required, name
        kind = next((s for f, s in KINDS if isinstance(field, f)), fields.String)
        assert isinstance(taken, kind), name
        for check in field.validators:
            if isinstance(check, Length) and check.max != -1:
                assert _limit(taken, validate.Length).max == check.max, name
            if isinstance(check, NumberRange):
                bounds = _limit(taken, validate.Range)
                assert (bounds.min, bounds.max) == (check.min, check.max), name
        if isinstance(field, SelectField) and field.choices is not None:
            offered = [value for value, _label in field.choices]
            assert list(_limit(taken, validate.OneOf).choices) == offered, name


def test_unit_fields_offer_the_units_the_page_offers() -> None:
    transfer = ACTION_SCHEMAS["transfer"](TREE).fields["unit"]
    target = ACTION_SCHEMAS["trigger_accountability"](TREE).fields["target_unit"]
    assert isinstance(transfer, UnitId) and isinstance(target, UnitId)
    responsible = [u.id for u in TREE.responsible_units()]
    assert list(_limit(transfer, validate.OneOf).choices) == responsible
    assert list(_limit(target, validate.OneOf).choices) == [u.id for u in TREE]
    assert "jc" in [u.id for u in TREE] and "jc" not in responsible


@pytest.mark.parametrize(
    ("action", "body", "refused"),
    [
        ("accept", {"version": True}, "version"),
        ("accept", {"version": 1.5}, "version"),
        ("accept", {"version": [1]}, "version"),
        ("accept", {"version": "1" * 40}, "version"),
        ("accept", {"version": 1, "note": ["a"]}, "note"),
        ("accept", {"version": 1, "note": 5}, "note"),
        ("accept", {"version": 1, "note": None}, "note"),
        ("accept", {"version": 1, "colour": "red"}, "colour"),
        ("post_note", {"version": 1, "text": "x", "public": 1}, "public"),
        ("report_progress", {"version": 1, "text": "x", "percent": False}, "percent"),
        ("record_site_inspection",
         {"version": 1, "findings": "x", "inspectors": "王敏", "lat": True}, "lat"),
        ("decline", {"version": 1, "reason": "   "}, "reason"),
    ],
)  # fmt: skip
def test_the_schemas_do_not_coerce(action: str, body: dict[str, Any], refused: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ACTION_SCHEMAS[action](TREE).load(body)
    assert set(raised.value.messages) == {refused}


def test_null_is_refused_with_a_hint() -> None:
    with pytest.raises(ValidationError) as raised:
        ACTION_SCHEMAS["transfer"](TREE).load(
            {"version": 1, "unit": "jc.donghu.hubin", "deadline": None}
        )
    assert raised.value.messages == {"deadline": [NULL_REFUSED]}


def test_numbers_and_flags_sent_as_form_text_are_read() -> None:
    progress = ACTION_SCHEMAS["report_progress"](TREE).load(
        {"version": "7", "text": "过半", "percent": "50"}
    )
    assert (progress["version"], progress["percent"]) == (7, 50)
    note = ACTION_SCHEMAS["post_note"](TREE).load({"version": 3, "text": "公开", "public": "y"})
    assert note["public"] is True
