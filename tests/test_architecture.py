"""Imports point down (wsgi → demo → portal/admin → ops → projections → stores → core), core
stays free of web and database frameworks, and no module grows past 400 lines."""

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
