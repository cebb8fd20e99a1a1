"""Claim codes: single use, expiry, superseded codes, lock-out after wrong tries."""

import pytest

from hub.provisioning import claims
from hub.provisioning.claims import (
    ClaimCodeWrong,
    ClaimExpired,
    ClaimLocked,
    ClaimNotFound,
    ClaimSuperseded,
    ClaimUsed,
)
from wire import DeviceKind

T0 = 1_800_000_000_000


def test_fresh_code_resolves_then_refuses_a_second_use():
    """GIVEN an issued code WHEN it is redeemed THEN the same code is refused as already used."""
    claim, code = claims.issue("kiosk-1", DeviceKind.KIOSK, T0, ttl_ms=60_000)
    assert len(code) == 10 and code.isdigit()
    assert code not in repr(claim)  # only the hash is kept
    assert claims.resolve([claim], "kiosk-1", code, T0 + 1) is claim
    used = claims.redeem(claim, T0 + 2)
    with pytest.raises(ClaimUsed, match=r"already used at .* works only once; factory-reset"):
        claims.resolve([used], "kiosk-1", code, T0 + 3)


def test_expired_code_is_refused_with_its_expiry_time():
    claim, code = claims.issue("kiosk-1", DeviceKind.KIOSK, T0, ttl_ms=60_000)
    with pytest.raises(ClaimExpired, match="expired at 2027-01-15"):
        claims.resolve([claim], "kiosk-1", code, T0 + 60_000)


def test_unknown_device_and_wrong_code_and_lockout():
    claim, code = claims.issue("kiosk-1", DeviceKind.KIOSK, T0)
    with pytest.raises(ClaimNotFound, match="no device 'kiosk-2'"):
        claims.resolve([claim], "kiosk-2", code, T0)
    wrong = "0000000000" if code != "0000000000" else "1111111111"
    with pytest.raises(ClaimCodeWrong, match="4 tries left"):
        claims.resolve([claim], "kiosk-1", wrong, T0)
    for _ in range(claims.MAX_FAILED_ATTEMPTS):
        claim = claims.fail(claim)
    with pytest.raises(ClaimLocked):
        claims.resolve([claim], "kiosk-1", code, T0)
    with pytest.raises(ClaimLocked):
        claims.resolve([claim], "kiosk-1", wrong, T0)


def test_older_code_is_superseded_by_the_newest():
    old, old_code = claims.issue("kiosk-1", DeviceKind.KIOSK, T0)
    new, new_code = claims.issue("kiosk-1", DeviceKind.KIOSK, T0 + 10)
    while new_code == old_code:  # two random codes can collide; the rule is about distinct ones
        new, new_code = claims.issue("kiosk-1", DeviceKind.KIOSK, T0 + 10)
    with pytest.raises(ClaimSuperseded):
        claims.resolve([old, new], "kiosk-1", old_code, T0 + 20)
    assert claims.resolve([new, old], "kiosk-1", new_code, T0 + 20) is new


def test_resolve_changes_nothing_on_refusal():
    claim, code = claims.issue("kiosk-1", DeviceKind.KIOSK, T0)
    before = [claim]
    with pytest.raises(ClaimCodeWrong):
        claims.resolve(before, "kiosk-1", "9" * 10 if code != "9" * 10 else "8" * 10, T0)
    assert before == [claim] and claim.failed_attempts == 0


def test_nonpositive_ttl_is_refused():
    with pytest.raises(ValueError, match="positive"):
        claims.issue("kiosk-1", DeviceKind.KIOSK, T0, ttl_ms=0)
