"""gunicorn's settings for Ducha, read from the working directory (or `gunicorn -c FILE`).

* SIGTERM stops a server gracefully: workers finish the requests in hand (for up to
  `graceful_timeout` seconds) and then exit; a reverse proxy sends new requests elsewhere.
* No access log: Ducha writes one JSON line per request itself, without the client's address.
* Prometheus multiprocess mode: each worker keeps its samples in files under
  DUCHA_DATA_DIR/prometheus (or PROMETHEUS_MULTIPROC_DIR when set), emptied whenever the
  server starts; `/metrics` adds them up.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from core.settings import SettingsError, load_settings

try:
    _settings = load_settings()
except SettingsError as exc:
    sys.exit(f"ducha: bad setting: {exc}")
# One folder per server: two servers sharing a data folder (one host) each name their own.
_metrics_dir = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_settings.metrics_dir)))

graceful_timeout = 30
timeout = 60
accesslog = None


def on_starting(server: Any) -> None:
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
