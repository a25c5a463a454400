"""Domain errors. Every refusal is one of these, with a message a person can act on."""

from __future__ import annotations

from collections.abc import Callable


def term(text: str) -> str:
    """Mark a domain word or phrase that refusals insert as a value ("a reason", "verify") so
    the catalogue carries it; `DomainError.text` translates such values with the template."""
    return text


class DomainError(Exception):
    """Base class of every refusal the domain makes.

    The message is an English template with `%(name)s` placeholders and its values, so that pages
    can show it in the reader's language: `error.text(gettext)`. `message` is the English text.
    """

    code = "domain_error"

    def __init__(self, message: str, **params: object) -> None:
        self.template = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(self.message)

    def __eq__(self, other: object) -> bool:
        """Refusals are values: the same kind, template and values are the same refusal."""
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, DomainError)
        return (self.template, self.params) == (other.template, other.params)

    def __hash__(self) -> int:
        return hash((type(self), self.template))

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        """The message, its template first passed through `translate` (e.g. a gettext)."""
        if translate is None:
            return self.message
        translated = translate(self.template)
        if not self.params:
            return translated
        # values that are domain words (statuses, roles, actions, marked terms) are translated
        # too; anything else (names, numbers, quoted input) has no catalogue entry and stays
        values = {k: translate(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return translated % values


class InvalidInput(DomainError):
    """A command's arguments are malformed or incomplete."""

    code = "invalid_input"


class IllegalTransition(DomainError):
    """The action is not allowed from the case's current status."""

    code = "illegal_transition"


class PermissionDenied(DomainError):
    """The actor's role does not allow this action."""

    code = "permission_denied"


class OutOfJurisdiction(PermissionDenied):
    """The case lies outside the units on which the actor holds the role."""

    code = "out_of_jurisdiction"


class SeparationOfDuties(PermissionDenied):
    """The same person or unit would both do and accept, or request and grant."""

    code = "separation_of_duties"


class RuleViolation(DomainError):
    """A guard of the action does not hold (e.g. no site inspection before verifying)."""

    code = "rule_violation"


class ConcurrentModification(DomainError):
    """Someone else changed the case since it was read; reload and try again."""

    code = "concurrent_modification"


class NotFound(DomainError):
    """Something the request names (a case, a campaign, an action) does not exist."""

    code = "not_found"


class CaseNotFound(NotFound):
    """No case has that id or reference."""

    code = "case_not_found"


class UnknownOrgUnit(DomainError):
    """An org unit id that the org tree does not know."""

    code = "unknown_org_unit"
