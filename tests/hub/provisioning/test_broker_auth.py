"""Password-file lines match mosquitto_passwd byte for byte; the ACL confines a device to its own topics."""

import base64
import shutil
import subprocess

import pytest

from hub.provisioning.broker_auth import (
    CredentialError,
    DeviceGrant,
    ServiceAccount,
    acl_file,
    hash_password,
    new_password,
    password_file,
    verify_password,
)
from tests.environment import unavailable


def test_hash_matches_the_real_mosquitto_passwd(tmp_path):
    """GIVEN mosquitto_passwd's own line WHEN we hash the same password with its salt THEN it is identical."""
    binary = shutil.which("mosquitto_passwd")
    if binary is None:
        unavailable("mosquitto_passwd is not installed")
    pwfile = tmp_path / "pw"
    subprocess.run([binary, "-c", "-b", str(pwfile), "kiosk-1", "s3cret-pass"], check=True)
    user, stored = pwfile.read_text().strip().split(":", 1)
    _, _, iterations, salt_b64, _ = stored.split("$")
    assert user == "kiosk-1"
    assert hash_password("s3cret-pass", salt=base64.b64decode(salt_b64), iterations=int(iterations)) == stored
    assert verify_password(stored, "s3cret-pass")
    assert not verify_password(stored, "s3cret-pasS")


def test_generated_hash_verifies_and_salts_differ():
    pw = new_password()
    a, b = hash_password(pw), hash_password(pw)
    assert a != b and a.startswith("$7$101$")
    assert verify_password(a, pw) and verify_password(b, pw)
    with pytest.raises(CredentialError, match=r"\$7\$"):
        verify_password("$6$abc$def", pw)
    with pytest.raises(CredentialError, match="empty"):
        hash_password("")


def test_password_file_refuses_duplicates_and_bad_names():
    h = hash_password("x")
    dev = DeviceGrant("kiosk-1", h, "taipei-1", "kiosk-1")
    text = password_file([dev], [ServiceAccount("hub", h)])
    assert text.splitlines()[1:] == [f"hub:{h}", f"kiosk-1:{h}"]
    with pytest.raises(CredentialError, match="twice"):
        password_file([dev, dev])
    with pytest.raises(CredentialError, match="not usable"):
        password_file([DeviceGrant("bad:name", h, "taipei-1", "kiosk-1")])
    with pytest.raises(CredentialError, match="not a"):
        password_file([DeviceGrant("kiosk-1", "plain", "taipei-1", "kiosk-1")])


def test_acl_grants_a_device_only_its_own_topics():
    h = hash_password("x")
    text = acl_file([DeviceGrant("kiosk-1", h, "taipei-1", "kiosk-1")], [ServiceAccount("hub", h)])
    blocks = text.split("\nuser ")
    hub_block = next(b for b in blocks if b.startswith("hub\n"))
    dev_block = next(b for b in blocks if b.startswith("kiosk-1\n"))
    assert "topic readwrite onestop/v2/#" in hub_block
    assert "topic readwrite onestop/v1/#" in hub_block  # the migration window: agents not yet upgraded
    rules = [line for line in dev_block.splitlines() if line.startswith("topic ")]
    assert rules and all(
        "onestop/v2/taipei-1/kiosk-1/" in r or "onestop/v1/taipei-1/kiosk-1/" in r for r in rules
    )
    for version in ("v2", "v1"):
        assert f"topic write onestop/{version}/taipei-1/kiosk-1/evt/#" in rules
        assert f"topic read onestop/{version}/taipei-1/kiosk-1/cmd/#" in rules
    assert not any(r.startswith("topic readwrite") for r in rules)
