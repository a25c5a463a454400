"""Rate limits when their store is down: counted in each process's memory, said in a warning and
a metric, and named by /readyz.

Flask-Limiter keeps its counts in Redis (REDIS_URL). When Redis does not answer, it falls back
to memory (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED), checks every so often whether Redis is back,
and returns to it; a report, a login or an API call never fails for it. Each process then counts
on its own, so the limits are looser by the number of workers until Redis answers again.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from flask import Flask
from prometheus_client import Counter

log = logging.getLogger("ducha.ratelimits")
FALLBACKS = Counter(
    "ducha_rate_limit_fallbacks",
    "Times a process's rate limits fell back to memory because Redis did not answer.",
)
#: Seconds a readiness or metrics check waits for Redis before saying it is unreachable.
PING_TIMEOUT = 0.5
_clients: dict[str, Any] = {}


class _FallbackWatch(logging.Filter):
    """Hears Flask-Limiter say that it fell back to memory or returned to Redis."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Rate limit storage unreachable"):
            FALLBACKS.inc()
            log.warning(
                "rate limits: Redis does not answer; counting in this process's memory until "
                "it does",
                extra={"fallback": "memory"},
            )
        elif message.startswith("Rate limit storage recovered"):
            log.info("rate limits: Redis answers again", extra={"fallback": None})
        return True


def init_app(app: Flask) -> None:
    """Fall back to memory when Redis is down (before the limiters are bound to the app)."""
    app.config.update(
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_SWALLOW_ERRORS=True,  # should even memory fail, a request is still served
        # a Redis that does not answer (rather than refuse) must not hold a request long
        RATELIMIT_STORAGE_OPTIONS={
            "socket_connect_timeout": PING_TIMEOUT,
            "socket_timeout": PING_TIMEOUT,
        },
    )
    limiter_log = logging.getLogger("flask-limiter")
    if not any(isinstance(f, _FallbackWatch) for f in limiter_log.filters):
        limiter_log.addFilter(_FallbackWatch())


def store_problem(redis_url: str | None) -> str | None:
    """Why the rate limits' store does not answer now, or None when it does (or is memory)."""
    if redis_url is None:
        return None
    client = _clients.get(redis_url)
    if client is None:
        client = redis.Redis.from_url(
            redis_url, socket_connect_timeout=PING_TIMEOUT, socket_timeout=PING_TIMEOUT
        )
        _clients[redis_url] = client
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return f"Redis is unreachable ({type(exc).__name__}): rate limits are counted per process"
    return None
