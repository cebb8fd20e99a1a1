"""Request body limit for every route: a larger body is refused with 413 before it is read whole.

A declared ``Content-Length`` over the limit is answered at once; a chunked body is counted as it arrives and
the route's read fails with 413 as soon as it passes the limit, so no route holds more than the limit in
memory. Settlement files (up to 5 MB, docs/settlement-format.md) have their own, larger limit.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: paths that take larger bodies, and their limit
LARGER = {"/api/v1/payments/settlements": 6_000_000, "/staff/settlements": 6_000_000}


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit} bytes, the most this route accepts"


class BodyLimit:
    """ASGI middleware; ``limit`` bytes for every route except those in ``LARGER``."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = LARGER.get(scope.get("path", ""), self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            body = json.dumps({"detail": _too_large(limit)}).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 413, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, _too_large(limit))
            return message

        await self.app(scope, counted, send)
