"""Contact records and printed papers on a real store (SQLite and PostgreSQL): what is recorded,
every refusal recording nothing, and document numbers per kind and year without gaps."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from core.case.papers import Numbering, PaperKind
from core.domain.errors import (
    ConcurrentModification,
    InvalidInput,
    OutOfJurisdiction,
    PermissionDenied,
    RuleViolation,
)
from core.domain.roles import Actor, Role
from core.domain.values import ContactOutcome
from core.service.application import Ducha
from tests.conftest import Clock
from tests.helpers import INSPECTOR, INTAKE, LEADER, OFFICE, UNIT, drive, report

NUMBERING = Numbering()
XISHAN_INTAKE = Actor("xu", "jc.xishan", Role.INTAKE)


def events(ducha: Ducha, case_id: Any) -> list[str]:
    return [type(e).__name__ for e in ducha.history(case_id)]


def test_a_contact_record_keeps_the_outcome_and_the_note(ducha: Ducha) -> None:
    case_id = report(ducha).case_id
    ducha.record_contact(INTAKE, case_id, ContactOutcome.RESULT_TOLD, "已电话告知受理情况")
    recorded = ducha.history(case_id)[-1]
    assert type(recorded).__name__ == "ContactRecorded"
    assert (recorded.outcome, recorded.note) == ("result_told", "已电话告知受理情况")  # type: ignore[attr-defined]
    assert recorded.actor == INTAKE  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "note", ["回电 138 0000 1111 未接", "已发邮件至 zhang@example.com", "身份证 110101199003070011"]
)
def test_a_contact_note_with_identity_in_it_is_refused(ducha: Ducha, note: str) -> None:
    case_id = report(ducha).case_id
    with pytest.raises(InvalidInput, match="must not carry"):
        ducha.record_contact(INTAKE, case_id, ContactOutcome.CALLED_BACK, note)
    assert events(ducha, case_id) == ["Reported"]


@pytest.mark.parametrize(
    ("actor", "error"),
    [(OFFICE, PermissionDenied), (UNIT, PermissionDenied), (XISHAN_INTAKE, OutOfJurisdiction)],
)
def test_only_the_desk_in_its_jurisdiction_records_contact(
    ducha: Ducha, actor: Actor, error: type[Exception]
) -> None:
    case_id = report(ducha).case_id
    with pytest.raises(error):
        ducha.record_contact(actor, case_id, ContactOutcome.UNREACHABLE)
    assert events(ducha, case_id) == ["Reported"]


def test_an_unknown_outcome_is_refused(ducha: Ducha) -> None:
    case_id = report(ducha).case_id
    with pytest.raises(ValueError):
        ducha.record_contact(INTAKE, case_id, "maybe")  # type: ignore[arg-type]


def test_papers_are_numbered_per_kind_and_year(ducha: Ducha, clock: Clock) -> None:
    first, second = report(ducha).case_id, report(ducha).case_id
    drive(ducha, first, clock, until="transferred")
    drive(ducha, second, clock, until="transferred")
    kind = PaperKind.TRANSFER_NOTICE
    one = ducha.print_paper(OFFICE, first, kind, NUMBERING)
    two = ducha.print_paper(OFFICE, second, kind, NUMBERING)
    again = ducha.print_paper(OFFICE, first, kind, NUMBERING)
    assert [one.number, two.number, again.number] == [
        "江督交〔2026〕1号",
        "江督交〔2026〕2号",
        "江督交〔2026〕3号",
    ]
    printed = ducha.history(first)[-1]
    assert (printed.kind, printed.number, printed.actor) == (kind, again.number, OFFICE)  # type: ignore[attr-defined]
    assert again.version == ducha.get(first).version
    clock.advance(days=70)
    letter = ducha.print_paper(OFFICE, first, PaperKind.SUPERVISION_LETTER, NUMBERING)
    assert letter.number == "江督督〔2027〕1号"  # its own sequence, in the new year


def test_a_configured_format_numbers_the_papers(ducha: Ducha, clock: Clock) -> None:
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until="transferred")
    numbering = Numbering("江督整改{prefix}〔{year}〕{seq:03d}号", NUMBERING.prefixes)
    assert ducha.print_paper(OFFICE, case_id, PaperKind.TRANSFER_NOTICE, numbering).number == (
        "江督整改交〔2026〕001号"
    )


def test_offices_printing_at_once_get_different_numbers(ducha: Ducha, clock: Clock) -> None:
    cases = [report(ducha).case_id for _ in range(4)]
    for case_id in cases:
        drive(ducha, case_id, clock, until="transferred")
    barrier, numbers = threading.Barrier(4), []

    def office(case_id: Any) -> None:
        barrier.wait()
        paper = ducha.print_paper(OFFICE, case_id, PaperKind.TRANSFER_NOTICE, NUMBERING)
        numbers.append(paper.number)

    threads = [threading.Thread(target=office, args=(c,)) for c in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"江督交〔2026〕{n}号" for n in range(1, 5)]


@pytest.mark.parametrize(
    ("kind", "until"),
    [
        (PaperKind.TRANSFER_NOTICE, "accepted"),
        (PaperKind.SUPERVISION_LETTER, "transferred"),
        (PaperKind.ACCEPTANCE_OPINION, "acceptance_requested"),
        (PaperKind.CLOSING_APPROVAL, "public_notice"),
    ],
)
def test_a_paper_before_it_is_due_is_refused(
    ducha: Ducha, clock: Clock, kind: PaperKind, until: str
) -> None:
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until=until)
    before = events(ducha, case_id)
    with pytest.raises(RuleViolation, match="not due"):
        ducha.print_paper(OFFICE, case_id, kind, NUMBERING)
    assert events(ducha, case_id) == before


def test_each_paper_is_due_at_its_step(ducha: Ducha, clock: Clock) -> None:
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until="transferred")
    clock.advance(days=90)
    assert ducha.print_paper(OFFICE, case_id, PaperKind.SUPERVISION_LETTER, NUMBERING)
    drive(ducha, case_id, clock, until="verified")
    assert ducha.print_paper(INSPECTOR, case_id, PaperKind.ACCEPTANCE_OPINION, NUMBERING)
    drive(ducha, case_id, clock, until="signed")
    assert ducha.print_paper(OFFICE, case_id, PaperKind.CLOSING_APPROVAL, NUMBERING)


@pytest.mark.parametrize(
    ("actor", "kind"),
    [
        (INSPECTOR, PaperKind.TRANSFER_NOTICE),
        (UNIT, PaperKind.TRANSFER_NOTICE),
        (LEADER, PaperKind.TRANSFER_NOTICE),
        (INTAKE, PaperKind.TRANSFER_NOTICE),
    ],
)
def test_roles_that_may_not_print_a_paper_are_refused(
    ducha: Ducha, clock: Clock, actor: Actor, kind: PaperKind
) -> None:
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until="transferred")
    before = events(ducha, case_id)
    with pytest.raises(PermissionDenied):
        ducha.print_paper(actor, case_id, kind, NUMBERING)
    assert events(ducha, case_id) == before


def test_a_stale_version_prints_nothing(ducha: Ducha, clock: Clock) -> None:
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until="transferred")
    seen = ducha.get(case_id).version
    ducha.post_note(OFFICE, case_id, "请抓紧办理")
    with pytest.raises(ConcurrentModification):
        ducha.print_paper(OFFICE, case_id, PaperKind.TRANSFER_NOTICE, NUMBERING, version=seen)
    assert events(ducha, case_id)[-1] == "NotePosted"


@pytest.mark.parametrize(
    ("template", "prefixes"),
    [
        ("江督整改〔{year}〕{seq}号", None),
        ("{prefix}{seq}", None),
        ("{prefix}〔{year}〕{seq}{oops}号", None),
        (None, "transfer_notice=督"),
        (None, "notice=交"),
    ],
)
def test_a_numbering_that_would_repeat_numbers_is_refused(
    template: str | None, prefixes: str | None
) -> None:
    with pytest.raises(InvalidInput):
        Numbering(
            template or NUMBERING.template,
            Numbering.parse_prefixes(prefixes) if prefixes else NUMBERING.prefixes,
        )
