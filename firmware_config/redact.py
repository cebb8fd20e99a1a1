"""Which device settings are secrets, and ``redact_secrets`` that hides them before anything leaves the hub.

A pushed configuration arrives with its ``!secret`` values resolved (the device needs them); the hub keeps
the desired config to push again, but every readable copy (command history, config view, fleet page) goes
through ``redact_secrets``. A key is secret by its name: the schema's ``mqtt.password`` and anything named
like a password, token, key or secret, so a new secret field is hidden without a change here.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "***"
_SECRET_KEY = re.compile(
    r"(^|_|-)(password|passwd|passphrase|secret|token|api_?key|private_?key|psk|pin)($|_|-)", re.IGNORECASE
)


def is_secret_key(key: object) -> bool:
    """True for a mapping key whose value must never be shown (``password``, ``api_key``, ``wifi_psk``...)."""
    return isinstance(key, str) and bool(_SECRET_KEY.search(key))


def redact_secrets(value: Any) -> Any:
    """A copy of ``value`` (JSON-like) with the value of every secret-named key replaced by ``***``."""
    if isinstance(value, dict):
        return {k: (REDACTED if is_secret_key(k) else redact_secrets(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_secrets(v) for v in value]
    return value
