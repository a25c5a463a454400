"""What a text may hold: no control characters besides tab and line breaks, no lone surrogates.

A NUL cannot be stored in a PostgreSQL text column, and the other C0 controls and lone UTF-16
surrogates are never typed by a person; an event carrying one would stop the read side the day
it is projected. Refused where text enters a command, and once more where any event is stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.domain.errors import InvalidInput

#: What stands in for personal data masked in a text.
MASK = "＊＊＊"
#: C0 controls except tab, line feed and carriage return; DEL is harmless and stays allowed.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def is_storable(value: str) -> bool:
    """Whether `value` holds no control character (besides tab and line breaks) or surrogate."""
    return _UNSTORABLE.search(value) is None


def check_storable(value: str, what: str) -> str:
    """Refuse `value` when it holds a character no text may hold; `value` otherwise."""
    if not is_storable(value):
        raise InvalidInput(
            "%(what)s contains a control character; remove it and try again", what=what
        )
    return value


def unstorable_field(values: Mapping[str, Any]) -> str | None:
    """The name of the first field whose value (through lists and mappings) holds such a
    character, or None."""
    for name, value in values.items():
        if _holds_unstorable(value):
            return name
    return None


def _holds_unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return not is_storable(value)
    if isinstance(value, Mapping):
        return any(_holds_unstorable(k) or _holds_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_unstorable(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return any(_holds_unstorable(getattr(value, f)) for f in value.__dataclass_fields__)
    return False
