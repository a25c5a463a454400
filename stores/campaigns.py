"""One Campaigns service per process, over the application's own event store."""

from __future__ import annotations

import os
import threading
import weakref
from typing import TYPE_CHECKING

from core.campaign.service import Campaigns

if TYPE_CHECKING:
    from stores.services import Services

_LOCK = threading.Lock()
_SERVICES: weakref.WeakKeyDictionary[Services, tuple[int, Campaigns]] = weakref.WeakKeyDictionary()


def campaigns_of(services: Services) -> Campaigns:
    """The process's Campaigns service for these services (rebuilt after a fork)."""
    app = services.app
    with _LOCK:
        held = _SERVICES.get(services)
        if held is not None and held[0] == os.getpid() and held[1].app is app:
            return held[1]
        campaigns = Campaigns(app, tree=services.tree)
        _SERVICES[services] = (os.getpid(), campaigns)
        return campaigns
