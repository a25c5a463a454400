"""What the mailer (projections/outbox/mailer.py) has sent to residents.

Authoritative: the outbox projection can be rebuilt from the events, but whether a message went
out cannot, so these tables survive a rebuild and a rebuild resends nothing.

* `notification_sent`: a finished outbox row (notification id and kind) with its outcome.
* `notification_deliveries`: which complainant contact got (or finally refused) which row, so a
  retry after a transient failure skips those who got the message.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from stores.db import stores_metadata

notification_sent = Table(
    "notification_sent",
    stores_metadata,
    Column("notification_id", BigInteger, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    PrimaryKeyConstraint("notification_id", "kind"),
)

notification_deliveries = Table(
    "notification_deliveries",
    stores_metadata,
    Column("notification_id", BigInteger, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("contact_id", Integer, nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=False),
    Column("error", Text),
    PrimaryKeyConstraint("notification_id", "kind", "contact_id"),
)
