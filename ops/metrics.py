"""Prometheus metrics: what the web processes count, and what is read from the database when
Prometheus scrapes (projection positions and lag, integrity flags).

Under gunicorn each worker writes its samples to files in PROMETHEUS_MULTIPROC_DIR (set by
gunicorn.conf.py before any worker starts, emptied at each start) and a scrape adds them up;
without it (the dev server, tests) the samples live in the process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from eventsourcing.persistence import PersistenceError
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from core.service.observing import CommandOutcome
from ops.ratelimits import store_problem
from projections.engine.projector import projection_status
from stores.services import Services

REQUESTS = Counter(
    "ducha_http_requests", "HTTP requests answered, by route and status.", ["route", "status"]
)
COMMANDS = Histogram(
    "ducha_command_duration_seconds",
    "Commands on cases: duration, by command and outcome (ok, conflict, refused, error).",
    ["command", "outcome"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
CONFLICTS = Counter(
    "ducha_command_conflicts",
    "Commands refused because the case changed meanwhile (concurrent modification).",
    ["command"],
)
UPLOADS_REFUSED = Counter("ducha_uploads_refused", "Uploaded files refused, by reason.", ["reason"])
#: Pending events counted one by one per projection at a scrape; beyond, the id distance.
LAG_COUNTED = 1000
#: The integrity flags projection's table, when that projection is installed.
FLAGS_TABLE = "integrity_flags"


def count_command(outcome: CommandOutcome) -> None:
    COMMANDS.labels(outcome.name, outcome.outcome).observe(outcome.seconds)
    if outcome.outcome == "conflict":
        CONFLICTS.labels(outcome.name).inc()


def count_refused_upload(reason: str) -> None:
    UPLOADS_REFUSED.labels(reason).inc()


class StoreCollector(Collector):
    """Read at scrape time: the event count, each projection's position and lag, flags."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("ducha_store_up", "1 when the store answered this scrape, else 0.")
        try:
            with self.services.engine.connect() as conn:  # fails fast, unlike the store's pool
                conn.execute(text("SELECT 1"))
            read = list(self._read())
        except (PersistenceError, SQLAlchemyError, OSError):
            read = []
        up.add_metric([], 1 if read else 0)
        yield up
        yield from read

    def _read(self) -> Iterator[Metric]:
        last = self.services.app.recorder.max_notification_id() or 0
        events = GaugeMetricFamily("ducha_events", "The last notification id of the event log.")
        events.add_metric([], last)
        yield events
        position = GaugeMetricFamily(
            "ducha_projection_position",
            "The last notification a projection applied.",
            labels=["projection"],
        )
        lag = GaugeMetricFamily(
            "ducha_projection_lag_events",
            "Events a projection has yet to apply.",
            labels=["projection"],
        )
        lag_seconds = GaugeMetricFamily(
            "ducha_projection_lag_seconds",
            "Age of the oldest event a projection has yet to apply.",
            labels=["projection"],
        )
        stopped = GaugeMetricFamily(
            "ducha_projection_stopped",
            "1 when a projection stopped on an error.",
            labels=["projection"],
        )
        for status in projection_status(self.services, cap=LAG_COUNTED):
            position.add_metric([status.name], status.position)
            # Far behind (a rebuild), the id distance stands in: cheap, and an upper bound.
            behind = last - status.position if status.lag_is_capped else status.lag_events
            lag.add_metric([status.name], behind)
            lag_seconds.add_metric([status.name], status.lag_seconds)
            stopped.add_metric([status.name], 1 if status.error else 0)
        yield from (position, lag, lag_seconds, stopped)
        yield from self._flags()

    def _flags(self) -> Iterator[Metric]:
        """Read by name: the flags projection is optional to this module."""
        engine = self.services.engine
        if not inspect(engine).has_table(FLAGS_TABLE):
            return
        flags = GaugeMetricFamily(
            "ducha_integrity_flags",
            "Integrity flags raised, by rule and severity.",
            labels=["rule", "severity"],
        )
        query = f"SELECT rule, severity, COUNT(*) FROM {FLAGS_TABLE} GROUP BY rule, severity"
        with engine.connect() as conn:
            for rule, severity, count in conn.execute(text(query)):
                flags.add_metric([str(rule), str(severity)], count)
        yield flags


class RateLimitCollector(Collector):
    """Read at scrape time: whether the rate limits' store (Redis) answers."""

    def __init__(self, redis_url: str | None) -> None:
        self.redis_url = redis_url

    def collect(self) -> Iterator[Metric]:
        if self.redis_url is None:
            return
        up = GaugeMetricFamily(
            "ducha_rate_limit_store_up",
            "1 when Redis, which keeps the rate limits, answered this scrape, else 0.",
        )
        up.add_metric([], 0 if store_problem(self.redis_url) else 1)
        yield up


def exposition(services: Services) -> bytes:
    """The text Prometheus scrapes: every worker's samples, then what the store says now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)  # type: ignore[no-untyped-call]
    else:
        counted = REGISTRY
    store = CollectorRegistry(auto_describe=False)
    store.register(StoreCollector(services))
    store.register(RateLimitCollector(services.settings.redis_url))
    return generate_latest(counted) + generate_latest(store)
