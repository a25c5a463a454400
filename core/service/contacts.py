"""The port through which complainant identity is kept apart from events.

Identity (name, phone, e-mail, ID number, address, IP) is mutable and erasable, so it never
enters the immutable event log: the application hands it to a ContactStore, keyed by case id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


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
