"""``onestop agent reset``: factory reset from a shell, and clear errors for a bad config."""

from edge_agent.provisioning.store import ProvisioningStore
from onestop.cli import main
from wire.payloads.provisioning import IssuedCredentials


def _config(tmp_path):
    path = tmp_path / "agent.yaml"
    path.write_text(
        "device_id: kiosk-1\nsite: unprovisioned\nkind: kiosk\nbroker:\n  url: mqtt://127.0.0.1:1883\n"
        f"data_dir: {tmp_path / 'data'}\n"
    )
    return path


def test_reset_forgets_the_login(tmp_path, capsys):
    store = ProvisioningStore(tmp_path / "data")
    store.save_credentials(
        IssuedCredentials(
            device_id="kiosk-1", site="s-1", broker_url="mqtt://h:1", username="kiosk-1", password="p" * 32
        )
    )
    assert main(["agent", "reset", "--config", str(_config(tmp_path))]) == 0
    assert "login and configuration forgotten" in capsys.readouterr().out
    assert store.load() is None
    assert main(["agent", "reset", "--config", str(_config(tmp_path))]) == 0
    assert "nothing stored" in capsys.readouterr().out


def test_bad_config_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "agent.yaml"
    path.write_text("device_id: Kiosk 1\n")
    assert main(["agent", "reset", "--config", str(path)]) == 2
    assert "device_id" in capsys.readouterr().err
