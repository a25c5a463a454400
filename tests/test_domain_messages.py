"""Every refusal people read is an English template with its values, never an f-string: the
template is what the catalogue translates, and `DomainError.text` fills it in either language."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain.errors import DomainError, RuleViolation
from tests.refusals import REFUSAL_MODULES, ROOT, domain_error_names, untemplated_raises


def test_the_refusal_classes_are_found_wherever_they_are_declared() -> None:
    names = domain_error_names()
    for name in ("InvalidInput", "OutOfJurisdiction", "CampaignNotFound", "AccountError"):
        assert name in names
    assert "ValueError" not in names and "PhotoRejected" not in names


def test_an_f_string_or_a_concatenated_refusal_is_caught() -> None:
    source = (
        "raise RuleViolation('at most %(count)s', count=n)\n"
        "raise RuleViolation(f'at most {n}')\n"
        "raise errors.InvalidInput('no ' + what) from None\n"
        "raise ValueError(f'{n}')\n"
    )
    assert list(untemplated_raises(source, {"RuleViolation", "InvalidInput"})) == [2, 3]


@pytest.mark.parametrize("path", REFUSAL_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_refusals_are_templates(path: Path) -> None:
    found = list(untemplated_raises(path.read_text(encoding="utf-8"), domain_error_names()))
    assert not found, f"{path.name}: refusals on lines {found} are not string templates"


def test_a_refusal_reads_in_english_and_in_the_translators_words() -> None:
    error = RuleViolation("at most %(count)s extension(s) may be granted", count=2)
    assert error.message == str(error) == "at most 2 extension(s) may be granted"
    assert error.text() == error.message
    chinese = {"at most %(count)s extension(s) may be granted": "最多可批准 %(count)s 次延期"}
    assert error.text(lambda t: chinese.get(t, t)) == "最多可批准 2 次延期"


def test_a_refusal_without_values_keeps_its_percent_sign() -> None:
    error = DomainError("a share cannot exceed 100%")
    assert error.message == "a share cannot exceed 100%"
    assert error.text(lambda t: t.replace("share", "rate")) == "a rate cannot exceed 100%"
