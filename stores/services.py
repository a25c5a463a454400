"""The long-lived objects of one process: settings, the read engine, the application.

Built lazily and rebuilt after a fork, because database connections must not cross fork().
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import datetime

from flask import current_app
from sqlalchemy import Engine

from core.domain.deadlines import DeadlinePolicy, WorkCalendar, default_profiles
from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from core.settings import Settings
from stores.contacts import SqlContactStore
from stores.db import make_engine


class Services:
    """What the web layers and the CLI need, one set per process."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings
        self.clock = clock  # None: the wall clock; tests and drills may set their own
        self.tree = OrgTree.default()
        self.policy = DeadlinePolicy(
            calendar=WorkCalendar.default(),
            profiles=default_profiles(settings.provincial_result_days),
        )
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._engine: Engine | None = None
        self._app: Ducha | None = None

    def _ensure_process(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._engine = None
            self._app = None

    @property
    def engine(self) -> Engine:
        with self._lock:
            self._ensure_process()
            if self._engine is None:
                self._engine = make_engine(self.settings.sqlalchemy_url, self.settings.pool_size)
            return self._engine

    @property
    def contacts(self) -> SqlContactStore:
        return SqlContactStore(self.engine)

    @property
    def app(self) -> Ducha:
        engine = self.engine
        with self._lock:
            self._ensure_process()
            self._engine = engine
            if self._app is None:
                self._app = Ducha(
                    self.settings.event_store_env(),
                    tree=self.tree,
                    policy=self.policy,
                    contacts=SqlContactStore(engine),
                    timezone=self.settings.timezone,
                    clock=self.clock,
                )
            return self._app

    def close(self) -> None:
        with self._lock:
            if self._app is not None:
                self._app.close()
            if self._engine is not None:
                self._engine.dispose()
            self._app, self._engine, self._pid = None, None, None


def current_services() -> Services:
    """The services of the Flask app serving this request or running this command."""
    services = current_app.extensions["ducha"]
    if not isinstance(services, Services):
        raise RuntimeError("the app was not built by wsgi.create_app")
    return services
