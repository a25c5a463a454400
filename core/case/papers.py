"""Papers officials print and file (公文), their document numbers (文号), and when each is due.

Each kind is numbered per year in its own sequence; the office configures how a number reads
(`DUCHA_DOC_NUMBER_FORMAT`, `DUCHA_DOC_PREFIXES`), so the format names the kind's prefix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from core.case.statuses import Status
from core.domain.errors import InvalidInput, term
from core.domain.roles import Role

if TYPE_CHECKING:
    from core.case.state import CaseBase


class PaperKind(StrEnum):
    TRANSFER_NOTICE = "transfer_notice"  # 交办单
    SUPERVISION_LETTER = "supervision_letter"  # 督办函
    ACCEPTANCE_OPINION = "acceptance_opinion"  # 验收意见
    CLOSING_APPROVAL = "closing_approval"  # 销号审批表


#: The kinds as refusals name them (translated with the refusal).
PAPER_TERMS: dict[PaperKind, str] = {
    PaperKind.TRANSFER_NOTICE: term("transfer notice"),
    PaperKind.SUPERVISION_LETTER: term("supervision letter"),
    PaperKind.ACCEPTANCE_OPINION: term("acceptance opinion"),
    PaperKind.CLOSING_APPROVAL: term("closing approval form"),
}

#: Who may print each kind: the office issues transfers, letters and closing forms; the
#: acceptance unit (an inspection group) issues its own opinion, and so may the office.
PRINTERS: dict[PaperKind, frozenset[Role]] = {
    PaperKind.TRANSFER_NOTICE: frozenset({Role.OFFICE}),
    PaperKind.SUPERVISION_LETTER: frozenset({Role.OFFICE}),
    PaperKind.ACCEPTANCE_OPINION: frozenset({Role.INSPECTOR, Role.OFFICE}),
    PaperKind.CLOSING_APPROVAL: frozenset({Role.OFFICE}),
}

_VERIFIED = frozenset({Status.VERIFIED, Status.PUBLIC_NOTICE, Status.CLOSED})

DEFAULT_FORMAT = "江督{prefix}〔{year}〕{seq}号"
DEFAULT_PREFIXES: dict[PaperKind, str] = {
    PaperKind.TRANSFER_NOTICE: "交",
    PaperKind.SUPERVISION_LETTER: "督",
    PaperKind.ACCEPTANCE_OPINION: "验",
    PaperKind.CLOSING_APPROVAL: "销",
}


def is_due(case: CaseBase, kind: PaperKind, today: date) -> bool:
    """Whether the paper makes sense for the case now: a transfer notice once transferred, a
    supervision letter while overdue, an acceptance opinion once verified, a closing approval
    form once signed off."""
    if kind is PaperKind.TRANSFER_NOTICE:
        return case.responsible_unit is not None
    if kind is PaperKind.SUPERVISION_LETTER:
        return case.is_overdue(today)
    if kind is PaperKind.ACCEPTANCE_OPINION:
        return case.status in _VERIFIED
    return case.signed_off or case.status is Status.CLOSED


@dataclass(frozen=True)
class Numbering:
    """How a document number reads: `template` with {prefix}, {year} and {seq} (which may carry
    a format such as {seq:03d}), and each kind's prefix."""

    template: str = DEFAULT_FORMAT
    prefixes: Mapping[PaperKind, str] = field(default_factory=lambda: dict(DEFAULT_PREFIXES))

    def __post_init__(self) -> None:
        for name in ("{prefix", "{year", "{seq"):
            if name not in self.template:
                raise InvalidInput(
                    "a document number format needs %(name)s}: each kind and year is numbered"
                    " on its own, so the prefix, the year and the sequence number tell them apart",
                    name=name,
                )
        if set(self.prefixes) != set(PaperKind):
            raise InvalidInput("give a prefix for each kind of paper")
        if len(set(self.prefixes.values())) != len(PaperKind):
            raise InvalidInput("each kind of paper needs a prefix of its own")
        try:
            self.number(PaperKind.TRANSFER_NOTICE, 2000, 1)
        except (KeyError, IndexError, ValueError):
            raise InvalidInput(
                "the document number format %(template)s cannot be filled in",
                template=repr(self.template),
            ) from None

    def number(self, kind: PaperKind, year: int, sequence: int) -> str:
        return self.template.format(prefix=self.prefixes[kind], year=year, seq=sequence)

    @classmethod
    def parse_prefixes(cls, text: str) -> dict[PaperKind, str]:
        """`transfer_notice=交,supervision_letter=督,…`; kinds not named keep their default."""
        prefixes = dict(DEFAULT_PREFIXES)
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, _sep, prefix = item.partition("=")
            try:
                kind = PaperKind(name.strip())
            except ValueError:
                raise InvalidInput("there is no kind of paper %(name)s", name=repr(name)) from None
            if not prefix.strip():
                raise InvalidInput("the prefix of %(name)s is empty", name=kind.value)
            prefixes[kind] = prefix.strip()
        return prefixes
