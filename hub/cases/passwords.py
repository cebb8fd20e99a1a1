"""Query-password verifiers: a keyed hash (HMAC-SHA256, key outside the database) for passwords the hub makes,
scrypt for those a kiosk makes; ``verify`` accepts both.

Why: a query password is 8 random characters from a 32-letter alphabet (40 bits) made by a machine, not
chosen by a person, so there is no dictionary to slow down; what protects a stolen database is the key,
which lives in the hub's environment (``ONESTOP_HUB_QUERY_PASSWORD_KEY``), not in the database or its
backups. scrypt cost 45 ms of CPU per check (16 callers filled both cores); HMAC costs microseconds. A kiosk
makes its case's password itself and sends only its scrypt hash (the password never travels), and a kiosk
has no hub key, so those rows stay scrypt; existing rows keep working as they are (no migration needed).
"""

from __future__ import annotations

import hashlib
import hmac

from wire.payloads.cases import hash_query_password, verify_query_password

PREFIX = "hmac-sha256$"
_KEY: list[bytes] = []  # set once by hub.cases.bind_app from the settings


def set_key(key: bytes) -> None:
    _KEY[:] = [key] if key else []


def _keyed(password: str, key: bytes) -> str:
    return PREFIX + hmac.new(key, password.strip().upper().encode(), hashlib.sha256).hexdigest()


def hash_new(password: str) -> str:
    """The verifier to store for a password the hub made: keyed when the hub has its key, else scrypt."""
    return _keyed(password, _KEY[0]) if _KEY else hash_query_password(password)


def verify(password: str, stored: str) -> bool:
    """Constant-time check against either verifier; False for a malformed one or a missing key."""
    if stored.startswith(PREFIX):
        return bool(_KEY) and len(password) <= 64 and hmac.compare_digest(_keyed(password, _KEY[0]), stored)
    return verify_query_password(password, stored)


def dummy(case_no: str) -> str:
    """A verifier no password matches, checked for an unknown case number so it takes the time a real one of
    that origin would (kiosk cases, ``K…``, are scrypt; the hub's own are keyed)."""
    if _KEY and not case_no.startswith("K"):
        return PREFIX + "0" * 64
    return _SCRYPT_DUMMY


_SCRYPT_DUMMY = hash_query_password("DUMMYPWD", salt=b"onestop-dummy-16")
