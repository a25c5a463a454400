"""Printing a paper: the case records it under the next document number of its kind and year.

The sequences live in the event store: each number is a unique key (core.case.unique_keys) saved
in the same transaction as the case's DocumentPrinted event, so a number is only taken by the
print that uses it, two offices printing at once get different numbers, there are no gaps, and
the ledger covers the numbering like every other event. A stores table could not be written in
the same transaction as the event on the embedded store, where events and tables are two files.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from core.case.aggregate import Case
from core.case.papers import Numbering, PaperKind
from core.case.references import next_free
from core.case.unique_keys import UniqueKey, paper_key
from core.domain.context import Context
from core.domain.errors import ConcurrentModification
from core.domain.roles import Actor
from core.service.case_commands import changed_since

_ATTEMPTS = 200


@dataclass(frozen=True)
class PrintedPaper:
    """A paper's document number, and the case version whose event records its printing."""

    number: str
    version: int
    notification_id: int


class PaperCommands:
    """Printing papers, as an application method."""

    if TYPE_CHECKING:
        # Provided by the application (Ducha) these commands are part of.

        def get(self, case_id: UUID, version: int | None = None) -> Case: ...

        def context(self, actor: Actor) -> Context: ...

        def save(self, *objs: Any, **kwargs: Any) -> list[Any]: ...

        def _key_taken(self, key: str) -> bool: ...

    #: the last number this process took per kind and year: where the next search starts
    _last_paper: dict[tuple[PaperKind, int], int]

    def print_paper(
        self,
        actor: Actor,
        case_id: UUID,
        kind: PaperKind,
        numbering: Numbering,
        *,
        version: int | None = None,
    ) -> PrintedPaper:
        """Record the printing of a paper under the next free number of its kind and year."""
        for _attempt in range(_ATTEMPTS):
            case = self.get(case_id)
            if version is not None and case.version != version:
                raise changed_since(case, version)
            ctx = self.context(actor)
            kind = case.check_paper(ctx, kind)
            year = ctx.today.year
            sequence = self._next_paper(kind, year)
            number = numbering.number(kind, year, sequence)
            case.print_paper(ctx, kind, number)
            taken = UniqueKey(key=paper_key(kind, year, sequence), case_id=case.id, actor=actor)
            try:
                recordings = self.save(case, taken)
            except IntegrityError:  # the number, or the case's next version, was taken
                version = case.version - 1 if version is None else version
                time.sleep(random.uniform(0, 0.002))
                continue
            self._last_paper[(kind, year)] = sequence
            return PrintedPaper(number, case.version, recordings[-1].notification.id)
        raise ConcurrentModification("too many papers printed at once; please try again")

    def _next_paper(self, kind: PaperKind, year: int) -> int:
        def taken(sequence: int) -> bool:
            return self._key_taken(paper_key(kind, year, sequence))

        return next_free(taken, self._last_paper.get((kind, year), 0))
