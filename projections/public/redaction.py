"""Redaction of text shown to the public: contact details typed into free text are masked.

Complainant identity never enters an event, but residents write phone numbers and e-mail
addresses into descriptions; those never reach a public page.
"""

from __future__ import annotations

import re

from core.domain.text import MASK

_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),  # resident ID number
    re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)"),  # mobile
    re.compile(r"(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)"),  # landline
    re.compile(r"(?i)(?:qq|微信|wechat|wx)[:：\s]*[\w-]{5,}"),  # messaging ids
]
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


#: How long a title cut from a report's first line may be (then "…").
HEADLINE_LENGTH = 60


def headline(description: str, limit: int = HEADLINE_LENGTH) -> str:
    """A title from the first line of a description: masked first, then cut (cut first, half
    an e-mail address no longer looks like one and would be shown)."""
    lines = description.strip().splitlines()
    first = redact(lines[0]) if lines else ""
    return first[:limit] + ("…" if len(first) > limit else "")


def public_title(title: str, description: str) -> str:
    """The title as the public reads it. A title that was cut from the description's first
    line before masking can end in part of an address; it is made again from the description,
    masked first."""
    lines = description.strip().splitlines()
    stem = title.removesuffix("…")
    was_cut = title.endswith("…") and len(stem) == HEADLINE_LENGTH
    if was_cut and lines and lines[0].startswith(stem):
        return headline(description)
    return redact(title)


def coarse(value: float | None, places: int = 3) -> float | None:
    """Round a coordinate for public display (three places is about 100 m)."""
    return None if value is None else round(value, places)
