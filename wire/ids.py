"""Identifiers: time-ordered message ids made at the source, and the device/site id rules."""

import os
import re
import time

_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62})$")
# A Taiwanese national ID number: one letter, 1/2/8/9 (sex or resident code), eight digits.
_NATIONAL_ID_RE = re.compile(r"[a-z][1289][0-9]{8}", re.IGNORECASE)

MESSAGE_ID_PATTERN = r"^[0-9a-f]{32}$"


#: The same shape standing alone (not inside a longer word such as a hex message id).
_NATIONAL_ID_TOKEN_RE = re.compile(r"(?<![0-9A-Za-z])([A-Za-z][1289])[0-9]{4}([0-9]{4})(?![0-9A-Za-z])")


def mask_national_ids(text: str) -> str:
    """``text`` with every national-ID-shaped token masked to its first two and last four characters.

    For anything kept for diagnosis that a device or client wrote (dead letters, error messages), so a
    malformed message can never put a full ID into the hub's records.
    """
    return _NATIONAL_ID_TOKEN_RE.sub(r"\1****\2", text)


def now_ms() -> int:
    """Milliseconds since the Unix epoch (the wire's timestamp unit)."""
    return time.time_ns() // 1_000_000


def new_message_id() -> str:
    """A 128-bit id, 48 bits of milliseconds then 80 random bits, as 32 hex digits.

    Made where the message is made; sorting by id roughly sorts by creation time, which keeps the
    hub's unique index append-mostly.
    """
    return f"{now_ms():012x}{os.urandom(10).hex()}"


def _check(kind: str, value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ValueError(
            f"{kind} id {value!r} is not valid: use 1-63 lower-case letters, digits and '-', "
            "starting with a letter or digit"
        )
    if _NATIONAL_ID_RE.search(value):
        raise ValueError(f"{kind} id must not contain anything shaped like a national ID number")
    return value


def check_device_id(value: str) -> str:
    """Return ``value`` if it is a valid device id (it becomes a topic level), else raise ValueError."""
    return _check("device", value)


def check_site_id(value: str) -> str:
    """Return ``value`` if it is a valid site id (it becomes a topic level), else raise ValueError."""
    return _check("site", value)
