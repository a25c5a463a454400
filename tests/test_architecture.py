"""Imports point down (wsgi → demo → portal/admin → ops → projections → stores → core), core
stays free of web and database frameworks, no module grows past 400 lines, and read models
choose what to do with an event by its class, never by its class's name."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "stores", "projections", "ops", "portal", "admin", "demo"]
MAX_LINES = 400

#: package -> the first-party packages it may import
ALLOWED = {
    "core": {"core"},
    "stores": {"core", "stores"},
    "projections": {"core", "stores", "projections"},
    "ops": {"core", "stores", "projections", "ops"},
    "portal": {"core", "stores", "projections", "ops", "portal"},
    "admin": {"core", "stores", "projections", "ops", "admin"},
    "demo": {"core", "stores", "projections", "ops", "admin", "demo"},
}
FORBIDDEN_IN_CORE = {"flask", "wtforms", "flask_wtf", "marshmallow", "sqlalchemy", "psycopg"}


def modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path) -> None:
    package = path.relative_to(ROOT).parts[0]
    first_party = imported_roots(path) & {*PACKAGES, "wsgi", "tests"}
    assert first_party <= ALLOWED[package], f"{path} imports {first_party - ALLOWED[package]}"
    if package == "core":
        assert not imported_roots(path) & FORBIDDEN_IN_CORE


@pytest.mark.parametrize("path", [*modules(), ROOT / "wsgi.py"], ids=lambda p: p.name)
def test_no_module_is_longer_than_the_cap(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_nobody_imports_the_composition_root() -> None:
    assert not [p for p in modules() if "wsgi" in imported_roots(p)]


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


#: Packages that read events; they dispatch on the event class (DESIGN §8).
READ_SIDE = ["projections", "admin", "portal"]


def class_names_read(tree: ast.AST) -> list[int]:
    """Lines that read a class's name as a value (`type(x).__name__`, `x.__class__.__name__`,
    or their `__qualname__`): a renamed class would silently stop matching. Inside an f-string
    the name only words a message, and is allowed."""
    in_messages = {
        id(node)
        for formatted in ast.walk(tree)
        if isinstance(formatted, ast.FormattedValue)
        for node in ast.walk(formatted.value)
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.attr not in ("__name__", "__qualname__"):
            continue
        owner = node.value
        of_type = isinstance(owner, ast.Call) and getattr(owner.func, "id", None) == "type"
        of_class = isinstance(owner, ast.Attribute) and owner.attr == "__class__"
        if (of_type or of_class) and id(node) not in in_messages:
            lines.append(node.lineno)
    return sorted(lines)


def test_the_class_name_check_finds_dispatch_by_name() -> None:
    source = "\n".join(
        [
            "kind = type(event).__name__",
            'if event.__class__.__name__ == "Closed": pass',
            "status = STATUS_AFTER[type(event).__qualname__]",
            'error = f"{type(exc).__name__}: {exc}"',
            "name = Blueprint.__name__",
        ]
    )
    assert class_names_read(ast.parse(source)) == [1, 2, 3]


def test_read_models_never_dispatch_on_class_names() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in READ_SIDE
        for path in sorted((ROOT / package).rglob("*.py"))
        for line in class_names_read(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "dispatch on the event class (or core.case.kinds), not on its name"
