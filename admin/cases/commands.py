"""How the fields of a case action become an application command.

The fields arrive shape-checked, from the case page's form or the staff API's schema, as a
mapping of plain values (str, int, float, bool, date, or None when not given); a command turns
them into domain values (texts stripped, an optional text not given is empty, yes/no a boolean)
and records its event(s) in one save, against the version the caller saw. Actions with uploads
record the evidence first and the command after, in the same save.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.case.aggregate import Case
from core.domain.context import Context
from core.domain.errors import CaseNotFound, InvalidInput
from core.domain.roles import Actor
from core.domain.values import AccountabilityForm, Evidence
from core.service.application import Ducha

Fields = Mapping[str, Any]
#: (application, actor, case, fields, uploaded evidence, version) -> notification id
Command = Callable[[Ducha, Actor, Case, Fields, list[Evidence], int], int]
#: One argument of a command, read from the fields.
Read = Callable[[Fields], Any]


def text(name: str) -> Read:
    """A text, stripped; empty when not given (the domain refuses a required one empty)."""
    return lambda fields: str(fields.get(name) or "").strip()


def given(name: str) -> Read:
    """A value as the shape check left it (a number, a date, a choice); None when not given."""
    return lambda fields: fields.get(name)


def flag(name: str) -> Read:
    return lambda fields: bool(fields.get(name))


def names(name: str) -> Read:
    """A list of names given as one text, separated by commas (either width)."""
    return lambda fields: [
        n.strip() for n in text(name)(fields).replace("，", ",").split(",") if n.strip()
    ]


def yes_no(name: str) -> Read:
    """The choice yes or no as a boolean; None for anything else ("unknown", not given)."""
    return lambda fields: {"yes": True, "no": False}.get(str(fields.get(name)))


def merge(app: Ducha, actor: Actor, case: Case, fields: Fields, _e: list[Evidence], v: int) -> int:
    into = text("into")(fields)
    try:
        target = app.get_by_reference(into)
    except CaseNotFound:
        raise InvalidInput("no case with reference %(reference)s", reference=into) from None
    return app.merge(actor, case.id, target.id, version=v)


def attach_evidence(
    app: Ducha, actor: Actor, case: Case, fields: Fields, ev: list[Evidence], v: int
) -> int:
    if not ev:
        raise InvalidInput("choose at least one photo or document")
    return _attach_then(app, actor, case, ev, v, lambda target, ctx: None)


def resolve_objection(
    app: Ducha, actor: Actor, case: Case, fields: Fields, _e: list[Evidence], v: int
) -> int:
    return app.resolve_objection(
        actor,
        case.id,
        text("objection")(fields),
        yes_no("upheld")(fields) is True,
        text("resolution")(fields),
        version=v,
    )


def trigger_accountability(
    app: Ducha, actor: Actor, case: Case, fields: Fields, _e: list[Evidence], v: int
) -> int:
    return app.trigger_accountability(
        actor,
        case.id,
        AccountabilityForm(fields["form"]),
        text("target_unit")(fields),
        text("target_post")(fields),
        text("basis")(fields),
        version=v,
    )


def calls(method: str, *reads: Read) -> Command:
    """A command that calls the application's `method` with the fields read in order."""

    def command(
        app: Ducha, actor: Actor, case: Case, fields: Fields, _e: list[Evidence], v: int
    ) -> int:
        args = [read(fields) for read in reads]
        return int(getattr(app, method)(actor, case.id, *args, version=v))

    return command


def _attach_then(
    app: Ducha,
    actor: Actor,
    case: Case,
    evidence: list[Evidence],
    version: int,
    then: Callable[[Case, Context], Any],
) -> int:
    """Attach the uploads, then run `then`, in one save."""

    def both(target: Case, ctx: Context) -> None:
        for item in evidence:
            target.attach(ctx, item)
        then(target, ctx)

    return app.run(actor, case.id, both, version)


def attaching(method: str, *reads: Read) -> Command:
    """A command that attaches the uploads, then calls the case's `method` with the fields read
    in order, in one save."""

    def command(
        app: Ducha, actor: Actor, case: Case, fields: Fields, ev: list[Evidence], v: int
    ) -> int:
        args = [read(fields) for read in reads]
        return _attach_then(
            app, actor, case, ev, v, lambda target, ctx: getattr(target, method)(ctx, *args)
        )

    return command
