"""One gate for every text a request carries: its path, query, form fields, file names and JSON.

A control character (NUL and the other C0 controls besides tab and line breaks) or a lone
surrogate is refused with a 400 that says so, before any view builds a command or a query from
it. PostgreSQL cannot store a NUL, and nobody types one; the domain refuses them as well
(core.domain.text), so no event can carry one whatever the caller.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import BadRequest

from core.domain.text import is_storable

#: A path has no business holding any control character, tab and line breaks included.
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UnsafeInput(BadRequest):
    """A request holds a character that no text may hold; `description` says where."""

    def __init__(self, where: str) -> None:
        super().__init__(f"the {where} contains a control character; remove it and try again")
        self.where = where


def _holds_unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return not is_storable(value)
    if isinstance(value, dict):
        return any(_holds_unstorable(k) or _holds_unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_unstorable(v) for v in value)
    return False


def _pairs_hold_unstorable(pairs: Any) -> bool:
    return any(_holds_unstorable(k) or _holds_unstorable(v) for k, v in pairs)


def refuse_unsafe_input() -> None:
    """Raise UnsafeInput when the request's path, query, form, file names or JSON hold a
    character that no text may hold."""
    if _PATH_CONTROL.search(request.path) or not is_storable(request.path):
        raise UnsafeInput("address")
    if _pairs_hold_unstorable(request.args.items(multi=True)):
        raise UnsafeInput("query")
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if _pairs_hold_unstorable(request.form.items(multi=True)):
            raise UnsafeInput("form")
        names = [(k, upload.filename or "") for k, upload in request.files.items(multi=True)]
        if _pairs_hold_unstorable(names):
            raise UnsafeInput("file name")
    if request.is_json and _holds_unstorable(request.get_json(silent=True)):
        raise UnsafeInput("JSON body")


def init_app(app: Flask) -> None:
    app.before_request(refuse_unsafe_input)
