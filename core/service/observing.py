"""What operators see of the application: the request an event came from, and each command's
outcome and duration.

The web layer sets `request_id` for the length of a request; every event saved meanwhile carries
it (as `request_id` in its stored state), so an auditor can tie an event to the request's log
line. Observers (the web layer's log and metrics) hear of every command; the core itself neither
logs nor counts.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.domain import CanSnapshotAggregate, DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent

from core.domain.errors import ConcurrentModification, DomainError, InvalidInput
from core.domain.text import unstorable_field

#: The id of the request being served, or None outside a request (CLI, projector).
request_id: ContextVar[str | None] = ContextVar("ducha_request_id", default=None)


@dataclass(frozen=True)
class CommandOutcome:
    """One command: its name, how it ended (ok, conflict, refused, error), its duration."""

    name: str
    outcome: str
    seconds: float
    request_id: str | None
    error: str | None = None


_observers: list[Callable[[CommandOutcome], None]] = []


def observe_commands(observer: Callable[[CommandOutcome], None]) -> None:
    """Call `observer` after every command; adding the same observer twice adds it once."""
    if observer not in _observers:
        _observers.append(observer)


def _tell(outcome: CommandOutcome) -> None:
    for observer in _observers:
        observer(outcome)


class RequestMapper(Mapper[UUID]):
    """The default mapper, which also stores the current request id in each new event, and
    refuses an event that holds a control character, whichever command let it through."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        current = request_id.get()
        if not isinstance(domain_event, CanSnapshotAggregate):
            field = unstorable_field(vars(domain_event))
            if field is not None:
                raise InvalidInput(
                    "%(field)s contains a control character; remove it and try again",
                    field=field,
                )
        if current is not None and not isinstance(domain_event, CanSnapshotAggregate):
            # Events are frozen; the id is added once, before the event is first stored.
            vars(domain_event).setdefault("request_id", current)
        return super().to_stored_event(domain_event)


S = TypeVar("S")
P = ParamSpec("P")
R = TypeVar("R")


def observed(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Report each call of `method` to the observers, named after the command: the method's own
    name, or, for the helpers the commands share (`run`, private methods), the name of the
    public method that called it (`accept`, `report`, ...)."""
    shared = method.__name__ == "run" or method.__name__.startswith("_")

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        name = sys._getframe(1).f_code.co_name if shared else method.__name__
        started = time.perf_counter()
        outcome, error = "error", None
        try:
            result = method(self, *args, **kwargs)
            outcome = "ok"
            return result
        except ConcurrentModification as exc:
            outcome, error = "conflict", exc.code
            raise
        except DomainError as exc:
            outcome, error = "refused", exc.code
            raise
        except Exception as exc:
            error = type(exc).__name__
            raise
        finally:
            seconds = time.perf_counter() - started
            _tell(CommandOutcome(name, outcome, seconds, request_id.get(), error))

    return wrapper


def stored_request_id(event: Any) -> str | None:
    """The request id an event was recorded under, if any."""
    value = vars(event).get("request_id")
    return value if isinstance(value, str) else None
