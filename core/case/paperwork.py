"""Case commands that record what officials did around the case: contacting the complainant and
printing the papers they file."""

from __future__ import annotations

import re

from core.case.papers import PAPER_TERMS, PRINTERS, PaperKind, is_due
from core.case.state import CaseBase
from core.case.statuses import Action
from core.domain.context import Context
from core.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from core.domain.values import ContactOutcome

#: What identity looks like in free text: a phone or ID number (seven digits or more, spaces and
#: dashes allowed inside) or an e-mail address. Names cannot be told from text.
_IDENTITY = re.compile(r"\d(?:[\s-]?\d){6,}|[^@\s]+@[^@\s]+\.\w+")


class PaperworkCommands(CaseBase):
    """Contact records (联系记录) and printed papers (公文)."""

    def record_contact(self, ctx: Context, outcome: ContactOutcome, note: str = "") -> None:
        """Record contact with the complainant: its outcome and a note, never their identity."""
        self._check(ctx, Action.RECORD_CONTACT)
        outcome = ContactOutcome(outcome)
        note = (note or "").strip()
        if len(note) > 2_000:
            raise InvalidInput("a contact note is longer than 2000 characters")
        if _IDENTITY.search(note):
            raise InvalidInput(
                "a contact note must not carry a phone number, an ID number or an e-mail"
                " address: the complainant's identity stays in the contact store"
            )
        self._record(self.ContactRecorded, ctx, outcome=outcome.value, note=note)

    def check_paper(self, ctx: Context, kind: PaperKind) -> PaperKind:
        """Whether this official may print this paper for the case now; the kind when so."""
        self._check(ctx, Action.PRINT_PAPER)
        kind = PaperKind(kind)
        if ctx.actor.role not in PRINTERS[kind]:
            raise PermissionDenied(
                "the %(role)s role may not print a %(paper)s",
                role=ctx.actor.role.value,
                paper=PAPER_TERMS[kind],
            )
        if not is_due(self, kind, ctx.today):
            raise RuleViolation("a %(paper)s is not due for this case now", paper=PAPER_TERMS[kind])
        return kind

    def print_paper(self, ctx: Context, kind: PaperKind, number: str) -> None:
        """Record that a paper was printed under its document number (文号)."""
        kind = self.check_paper(ctx, kind)
        if not number.strip():
            raise InvalidInput("a printed paper needs its document number")
        self._record(self.DocumentPrinted, ctx, kind=kind.value, number=number.strip())
