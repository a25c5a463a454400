"""Redaction of text shown to the public: contact details typed into free text are masked.

Complainant identity never enters an event, but residents write phone numbers and e-mail
addresses into descriptions; those never reach a public page.
"""

from __future__ import annotations

import re

_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),  # resident ID number
    re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)"),  # mobile
    re.compile(r"(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)"),  # landline
    re.compile(r"(?i)(?:qq|微信|wechat|wx)[:：\s]*[\w-]{5,}"),  # messaging ids
]
MASK = "＊＊＊"
#: Every pattern above needs one of these; text without any is returned as it is, quickly.
_MAYBE = re.compile(r"[\d@]|qq|微信|wechat|wx", re.IGNORECASE)


def redact(text: str | None) -> str:
    """Mask contact details in free text."""
    if not text:
        return ""
    if not _MAYBE.search(text):
        return text
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


def coarse(value: float | None, places: int = 3) -> float | None:
    """Round a coordinate for public display (three places is about 100 m)."""
    return None if value is None else round(value, places)
