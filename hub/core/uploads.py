"""Upload guards for image routes: refuse an announced body above the image limit before reading it."""

from __future__ import annotations

from fastapi import HTTPException, Request

from hub.core.images import MAX_BYTES


def refuse_large_body(request: Request) -> None:
    """413 before the body is read when the client announces more than an image may be."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BYTES + 64 * 1024:
        mb, limit = int(length) // (1024 * 1024), MAX_BYTES // (1024 * 1024)
        raise HTTPException(
            413, {"field": "image", "message": f"the upload is {mb} MB; the limit is {limit} MB"}
        )
