"""Run the hub app under uvicorn in a background thread on a free port (screenshots, browser tests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from onestop.processes import free_port, wait_for_port


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Yield the base URL (http://127.0.0.1:PORT) while the app serves; stop it afterwards."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="live-hub", daemon=True)
    thread.start()
    try:
        wait_for_port("127.0.0.1", port, timeout=20)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        deadline = time.monotonic() + 10
        while thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
