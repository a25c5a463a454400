"""The web app on a real port with the projector beside it, as `make run` starts them: what the
browser tests drive."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server

from projections.engine.projector import run_projector
from stores.services import Services


@contextmanager
def serving(app: Flask, services: Services) -> Iterator[str]:
    """Serve `app` on a free loopback port and run the projector; yield the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    stop = threading.Event()
    projector = threading.Thread(
        target=run_projector, args=(services, stop), kwargs={"poll_interval": 0.01}
    )
    web = threading.Thread(target=server.serve_forever, daemon=True)
    projector.start()
    web.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        stop.set()
        projector.join(timeout=10)
        services.close()
