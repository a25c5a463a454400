"""The port through which complainant identity is kept apart from events.

Identity (name, phone, e-mail, ID number, address, IP) is mutable and erasable, so it never
enters the immutable event log: the application hands it to a ContactStore, keyed by case id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from core.domain.text import MASK


@dataclass(frozen=True)
class Contact:
    """Who complained. Every field optional: residents may stay anonymous."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    id_number: str | None = None
    address: str | None = None
    ip: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.email, self.id_number, self.address, self.ip))

    def masked_in(self, text: str) -> str:
        """`text` with this complainant's own name, phone, e-mail and ID number masked, where
        they typed them into it: their identity must not enter an event through their words."""
        for pattern in self._own_patterns():
            text = pattern.sub(MASK, text)
        return text

    def _own_patterns(self) -> list[re.Pattern[str]]:
        patterns = []
        for value in (self.email, self.id_number, self.name):
            value = (value or "").strip()
            if len(value) >= 2:  # a one-character name would mask every use of the character
                patterns.append(re.compile(re.escape(value), re.IGNORECASE))
        digits = re.sub(r"\D", "", self.phone or "")
        if len(digits) >= 5:  # typed with or without spaces and dashes between the digits
            patterns.append(re.compile(r"(?<!\d)" + r"[ -]?".join(digits) + r"(?!\d)"))
        return patterns


class ContactStore(Protocol):
    """Where identities live: a mutable table readable only by the intake role.

    A case may have several complainants (repeat complaints are linked to it).
    """

    def put(self, case_id: UUID, contact: Contact) -> int:
        """Keep a complainant's contact for the case; returns the contact's id."""
        ...

    def discard(self, contact_id: int) -> None:
        """Forget a contact whose complaint was not saved after all."""
        ...
