"""Is a stored page really the image type its device declared? Pure: magic bytes of PNG, JPEG, TIFF and PDF.

A compromised device can upload HTML labelled ``image/png``; served back under that label a browser that
sniffs would run it in the hub's origin. Pages whose bytes do not match their declared type are served as a
download (``application/octet-stream``), never rendered."""

from __future__ import annotations

MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "application/pdf": (b"%PDF-",),
}


def matches(data: bytes, media_type: str) -> bool:
    """True if ``data`` starts with a signature of ``media_type`` (and the type is one pages may have)."""
    return any(data.startswith(sig) for sig in MAGIC.get(media_type, ()))
