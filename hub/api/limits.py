"""Request body checks for every route: a body over the limit is refused with 413 before it is read whole,
and JSON text with an unpaired UTF-16 surrogate (``"\\ud800"``, which no database can store) with 422 naming
the field.

A declared ``Content-Length`` over the limit is answered at once; a chunked body is counted as it arrives and
the route's read fails with 413 as soon as it passes the limit, so no route holds more than the limit in
memory. Settlement files (up to 5 MB, docs/settlement-format.md) have their own, larger limit.
"""

from __future__ import annotations

import json
import re
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
#: Routes under these prefixes take scanned images (seals one page, the archive several; hub/core/images.py
#: caps each image at 20 MB and says so when a body claims more).
LARGER_UNDER = {"/api/v1/seals/": 22_000_000, "/staff/seals/": 22_000_000,
                "/api/v1/archive/": 64_000_000, "/staff/archive/": 64_000_000,
                "/staff/forms/": 11_000_000}  # fmt: skip
# (the forms library takes a PDF of up to 10 MiB, wire.payloads.forms.MAX_FORM_BYTES, plus the form fields)


def limit_for(path: str, default: int) -> int:
    """The most bytes a request body to ``path`` may have."""
    if path in LARGER:
        return LARGER[path]
    return next((n for prefix, n in LARGER_UNDER.items() if path.startswith(prefix)), default)


_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _surrogate_at(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The path of the first key or text holding a lone surrogate, or None."""
    if isinstance(value, str):
        return path if any(0xD800 <= ord(c) <= 0xDFFF for c in value) else None
    items: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, inner in items:
        if isinstance(key, str) and _surrogate_at(key) is not None:
            return (*path, key)
        found = _surrogate_at(inner, (*path, key))
        if found is not None:
            return found
    return None


async def _answer(send: Send, status: int, detail: Any) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=True).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _too_large(limit: int, declared: int | None = None) -> str:
    size = (
        f"is {declared // (1024 * 1024)} MB, " if declared is not None and declared >= 1024 * 1024 else "is "
    )
    return f"the request body {size}larger than {limit} bytes, the most this route accepts"


class BodyLimit:
    """ASGI middleware; ``limit`` bytes for every route except those in ``LARGER``."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope.get("path", ""), self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _answer(send, 413, _too_large(limit, int(declared) if declared.isdigit() else None))
            return
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        if b"json" in content_type:
            await self._json(scope, receive, send, limit)
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

    async def _json(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Read the (bounded) JSON body first, refuse a lone surrogate naming the field, then replay it."""
        chunks: list[bytes] = []
        seen, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                await _answer(send, 413, _too_large(limit))
                return
            chunks.append(chunk)
            more = bool(message.get("more_body"))
        body = b"".join(chunks)
        if _LONE_SURROGATE.search(body):
            try:
                where = _surrogate_at(json.loads(body))
            except ValueError:
                where = None
            if where is not None:
                detail = [
                    {
                        "loc": ["body", *where],
                        "msg": "text contains an unpaired UTF-16 surrogate (\\ud800-\\udfff); send valid Unicode",
                        "type": "unicode",
                    }
                ]
                await _answer(send, 422, detail)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
