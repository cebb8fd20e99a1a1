"""The device's stored login: saved privately, applied over the placeholders, forgotten by a factory reset."""

import stat

import pytest

from edge_agent.config import config_from_mapping
from edge_agent.provisioning.store import ProvisioningStore, StoreError, apply_to
from wire.payloads.provisioning import IssuedCredentials

CREDS = IssuedCredentials(
    device_id="kiosk-1",
    site="taipei-1",
    counter="c1",
    broker_url="mqtt://10.0.0.5:1883",
    username="kiosk-1",
    password="pw-" + "x" * 29,
)


def _config(tmp_path, device="kiosk-1"):
    return config_from_mapping(
        {
            "device_id": device,
            "site": "unprovisioned",
            "kind": "kiosk",
            "broker": {"url": "mqtt://127.0.0.1:1883", "keepalive": 15},
            "data_dir": str(tmp_path),
        }
    )


def test_save_load_reset(tmp_path):
    store = ProvisioningStore(tmp_path)
    assert store.load() is None
    store.save_credentials(CREDS)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.load().credentials == CREDS
    state = store.save_config(3, {"devices": []})
    assert store.load() == state and state.config_version == 3
    assert store.factory_reset() is True
    assert store.load() is None and store.factory_reset() is False


def test_new_credentials_start_config_from_zero(tmp_path):
    store = ProvisioningStore(tmp_path)
    store.save_credentials(CREDS)
    store.save_config(5, {"devices": []})
    assert store.save_credentials(CREDS).config_version == 0


def test_apply_to_puts_site_and_login_in_place(tmp_path):
    store = ProvisioningStore(tmp_path)
    config = apply_to(_config(tmp_path), store.save_credentials(CREDS))
    assert config.site == "taipei-1"
    assert config.broker.address.username == "kiosk-1" and config.broker.address.host == "10.0.0.5"
    assert config.broker.keepalive == 15
    with pytest.raises(StoreError, match="for 'kiosk-1', this agent is 'kiosk-2'"):
        apply_to(_config(tmp_path, "kiosk-2"), store.load())


def test_damaged_file_says_to_factory_reset(tmp_path):
    store = ProvisioningStore(tmp_path)
    store.path.write_text("{not json")
    with pytest.raises(StoreError, match="factory reset"):
        store.load()


def test_config_without_login_is_refused(tmp_path):
    with pytest.raises(StoreError, match="not provisioned"):
        ProvisioningStore(tmp_path).save_config(1, {})
