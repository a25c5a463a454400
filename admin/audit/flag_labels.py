"""How integrity flags are named on pages: rules, severities, review states (translated)."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from admin.cases.queues import unit_name
from core.rules.flags import PHRASES
from projections.flags.queries import FlagRow

#: Rule names as pages show them (core.rules.flags.RULES says them in English for the code).
RULE_LABELS = {
    "R1": _l("Separation of duties"),
    "R2": _l("Closing out of order"),
    "R3": _l("Backdating"),
    "R4": _l("Photo reuse or editing"),
    "R5": _l("Copied text"),
    "R6": _l("Implausible speed"),
    "R7": _l("Extension abuse"),
    "R8": _l("Recurrence after closing"),
    "R9": _l("Monitoring contradicts the closing"),
    "R10": _l("Burst of completion claims"),
    "R11": _l("Verdict contradicted"),
    "R16": _l("Penalty-only closure"),
}
SEVERITY_LABELS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}
STATE_LABELS = {
    "open": _l("Not reviewed"),
    "confirmed": _l("Confirmed"),
    "dismissed": _l("Dismissed"),
}


def explain(flag: FlagRow) -> str:
    """The flag's explanation in the page's language (the rule's English where no translation)."""
    if not flag.template:
        return flag.explanation
    between = "; " if str(get_locale()) == "en" else "；"
    values = {
        name: between.join(gettext(p) for p in value.split("; "))
        if name.endswith(PHRASES)
        else value
        for name, value in flag.params.items()
    }
    try:
        return str(gettext(flag.template, **values))
    except (KeyError, ValueError, TypeError):  # a template and values out of step: say it plainly
        return flag.explanation


def flag_labels() -> dict[str, Any]:
    """Label functions for the templates."""
    return {
        "rule_label": lambda rule: RULE_LABELS.get(rule, rule),
        "severity_label": lambda s: SEVERITY_LABELS.get(s, s),
        "state_label": lambda s: STATE_LABELS.get(s, s),
        "unit_name": unit_name,
        "month_label": str,
        "explain": explain,
    }
