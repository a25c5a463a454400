"""The event classes an aggregate declares, for tests that check every one is handled."""

from __future__ import annotations

import ast
import inspect
import textwrap

from eventsourcing.domain import Aggregate


def declared_events(aggregate: type[Aggregate]) -> list[type[Aggregate.Event]]:
    """Every event class nested in the aggregate's own body, its base `Event` left out.

    Read from the source rather than the class: the library adds `Event` and `Created` classes of
    its own to every aggregate, and those are never stored.
    """
    body = ast.parse(textwrap.dedent(inspect.getsource(aggregate))).body[0]
    assert isinstance(body, ast.ClassDef)
    nested = [getattr(aggregate, node.name) for node in body.body if isinstance(node, ast.ClassDef)]
    events = [
        cls for cls in nested if issubclass(cls, Aggregate.Event) and cls is not aggregate.Event
    ]
    assert events, f"{aggregate} declares no events"
    return events
