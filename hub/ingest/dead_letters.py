"""What a dead letter keeps of a refused message: a redacted excerpt that shows its shape, never its values.

Pure core. A refused ``case.query`` carries a case number and a query password; a refused kiosk event may
carry a name or a phone number. Staff debugging a device need the reason, the topic, the size and the shape
(which keys, which types, where the JSON broke) — not the values. Envelope fields that identify the message
(version, id, device, session, seq, ts, type) are kept; every value in the body becomes its type and length.
"""

from __future__ import annotations

import json
import re
from typing import Any

EXCERPT_CHARS = 400
#: envelope fields that say which message it was and hold no citizen data
KEPT_FIELDS = frozenset({"v", "id", "device", "session", "seq", "ts", "type", "historical", "corr"})
_MAX_PARSE_BYTES = 256 * 1024
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)
_DIGIT = re.compile(r"\d")


def shape(value: Any, depth: int = 0) -> Any:
    """The shape of a JSON value: keys kept (cut to 32 characters), strings and numbers as type and size."""
    if depth > 6:
        return "…"
    if isinstance(value, dict):
        items = list(value.items())
        out: dict[str, Any] = {str(k)[:32]: shape(v, depth + 1) for k, v in items[:20]}
        if len(items) > 20:
            out["…"] = f"{len(items) - 20} more keys"
        return out
    if isinstance(value, list):
        return [shape(v, depth + 1) for v in value[:3]] + (["…"] if len(value) > 3 else [])
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return f"<text {len(value)}>"
    return "<number>"


def mask_text(text: str) -> str:
    """Letters to ``x``, digits to ``9``, punctuation kept: where the JSON broke, not what it said."""
    return _DIGIT.sub("9", _WORD.sub("x", text))


def excerpt(payload: bytes) -> str:
    """The redacted excerpt of a refused payload (at most ``EXCERPT_CHARS`` characters)."""
    parsed: Any = None
    if len(payload) <= _MAX_PARSE_BYTES:
        try:
            parsed = json.loads(payload)
        except (ValueError, RecursionError):
            parsed = None
    if isinstance(parsed, dict):
        kept = {
            k: (v[:64] if isinstance(v, str) else v)
            for k, v in parsed.items()
            if k in KEPT_FIELDS and (isinstance(v, str | int | float | bool) or v is None)
        }
        others = {k: shape(v, 1) for k, v in parsed.items() if k not in kept}
        text = json.dumps({**kept, **others}, ensure_ascii=False, separators=(",", ":"))
    elif parsed is not None:
        text = json.dumps(shape(parsed), ensure_ascii=False, separators=(",", ":"))
    else:
        text = mask_text(payload[:EXCERPT_CHARS].decode("utf-8", "replace"))
    return text[:EXCERPT_CHARS]


def short_reason(message: str) -> str:
    """A refusal message without what an exception may have quoted (SQL parameters, a second line)."""
    first = message.split("\n", 1)[0]
    for marker in ("[SQL:", "[parameters:", "(Background on this error"):
        first = first.split(marker, 1)[0]
    return first.strip()[:500]
