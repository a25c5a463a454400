"""Where the campaigns' events are stored, and one Campaigns application per process.

On PostgreSQL they share the database with the cases (the application's name gives them their own
table); on SQLite, whose event table has a fixed name, they get a file of their own.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import TYPE_CHECKING

from core.campaigns import Campaigns
from core.settings import Settings

if TYPE_CHECKING:
    from projections.services import Services

_LOCK = threading.Lock()
_APPS: weakref.WeakKeyDictionary[Services, tuple[int, Campaigns]] = weakref.WeakKeyDictionary()


def campaign_store_env(settings: Settings, create_table: bool = False) -> dict[str, str]:
    env = settings.event_store_env(create_table=create_table)
    if settings.backend == "sqlite":
        env["SQLITE_DBNAME"] = str(settings.data_dir / "campaigns.sqlite3")
    return env


def init_campaign_store(settings: Settings) -> None:
    """Create the campaigns' event table (part of `db init`); safe to run again."""
    Campaigns(campaign_store_env(settings, create_table=True)).close()


def campaigns_of(services: Services) -> Campaigns:
    """The process's Campaigns application for these services (rebuilt after a fork)."""
    with _LOCK:
        held = _APPS.get(services)
        if held is not None and held[0] == os.getpid():
            return held[1]
        app = Campaigns(campaign_store_env(services.settings), tree=services.tree)
        _APPS[services] = (os.getpid(), app)
        return app

