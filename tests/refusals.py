"""Where the domain's refusals are written, and which exception classes are refusals: found by
reading the source, so that a new refusal class or module cannot slip past the checks."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Set
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Modules whose refusals people read; their messages are catalogued templates.
REFUSAL_MODULES = sorted(
    [
        *(
            path
            for package in ("domain", "case", "campaign", "review", "service")
            for path in (ROOT / "core" / package).glob("*.py")
        ),
        *(
            ROOT / name
            for name in (
                "stores/staff.py",
                "stores/phrases.py",
                "projections/cases/search.py",
                "admin/cases/actions.py",
                "admin/cases/commands.py",
                "admin/cases/pipeline.py",
                "admin/cases/registration.py",
                "admin/campaigns/indicators.py",
                "admin/lists/fields.py",
                "admin/lists/importing.py",
            )
        ),
    ]
)


def _base_names(node: ast.ClassDef) -> set[str]:
    return {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}


@cache
def domain_error_names() -> frozenset[str]:
    """DomainError and the name of every class of ours derived from it."""
    classes = [
        node
        for package in ("core", "stores", "projections", "ops", "admin", "demo")
        for path in (ROOT / package).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    ]
    names = {"DomainError"}
    while grown := {c.name for c in classes if _base_names(c) & names} - names:
        names |= grown
    return frozenset(names)


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def untemplated_raises(source: str, names: Set[str]) -> Iterator[int]:
    """Lines raising one of `names` whose first argument is not a string literal (an f-string,
    a concatenation, a variable): such a message cannot be catalogued and translated."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
            continue
        call = node.exc
        if _called_name(call) not in names or not call.args:
            continue
        first = call.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            yield node.lineno
