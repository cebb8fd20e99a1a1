"""A header-read timeout for ``hub serve``: a connection that has not sent a request's complete headers within
``http_header_timeout_s`` is closed (uvicorn has no such limit: a slow client trickling one header line at a
time would hold a connection, and enough of them every connection, for ever)."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


def header_timeout_protocol(seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with the timeout; pass it as ``uvicorn.Config(http=...)``."""

    class HeaderTimeoutH11(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None
        _cycle_when_armed: Any = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()  # the next request on this connection gets the same time for its headers

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._cycle_when_armed = self.cycle
            self._deadline = self.loop.call_later(seconds, self._expired)

        def _expired(self) -> None:
            # headers complete ⇔ uvicorn made a new request cycle since the timer was armed
            if self.cycle is self._cycle_when_armed and not self.transport.is_closing():
                self.transport.close()

    return HeaderTimeoutH11
