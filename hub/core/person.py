"""A person's reference for counter records: HMAC-SHA256 of the checked national ID (never the ID itself)."""

from __future__ import annotations

import hashlib
import hmac

from hub.auth.national_id import masked, normalise_national_id


def person_key(national_id: str, secret: bytes) -> tuple[str, str]:
    """(keyed hash, masked ID); InvalidIdentification (field ``national_id``, no echo) for a bad number."""
    number = normalise_national_id(national_id)
    return hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest(), masked(number)
