"""Agent config: a valid file loads; each kind of mistake is refused naming the file and the key."""

from pathlib import Path

import pytest

from edge_agent.config import ConfigError, MqttProtocol, load_config, parse_broker_url
from wire import DeviceKind

GOOD = """
device_id: kiosk-001
site: taipei-xinyi
kind: kiosk
broker:
  url: mqtt://127.0.0.1:18830
data_dir: data
components:
  printer:
    port: /dev/ttyUSB0
  scanner:
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agent.yaml"
    path.write_text(text)
    return path


def test_good_file_loads_with_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.device_id == "kiosk-001"
    assert config.kind is DeviceKind.KIOSK
    assert config.broker.address.port == 18830
    assert config.broker.protocol is MqttProtocol.V311
    assert config.data_dir == (tmp_path / "data").resolve()
    assert config.components == {"printer": {"port": "/dev/ttyUSB0"}, "scanner": {}}
    assert config.api.host == "127.0.0.1"


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (("site: taipei-xinyi", ""), "site", "required"),
        (("kind: kiosk", "kind: toaster"), "kind", "kiosk"),
        (("device_id: kiosk-001", "device_id: Kiosk_001"), "device_id", "lower-case"),
        (("device_id: kiosk-001", "device_id: a123456789"), "device_id", "national ID"),
        (("url: mqtt://127.0.0.1:18830", "url: http://127.0.0.1:18830"), "broker.url", "mqtt://"),
        (("url: mqtt://127.0.0.1:18830", "url: mqtt://127.0.0.1:99999"), "broker.url", "port"),
        (("data_dir: data", "data_dir: data\nack_timeout: -1"), "ack_timeout", "greater than 0"),
        (("data_dir: data", "data_dir: data\nbackoff: {min: 5, max: 1}"), "backoff", "must not be below"),
        (("data_dir: data", "data_dir: data\nackk_timeout: 3"), "ackk_timeout", "not a known setting"),
        (("data_dir: data", "data_dir: data\napi: {host: 0.0.0.0}"), "api.host", "loopback"),
        (("data_dir: data", "data_dir: data\nbroker_protocol: 4"), "broker_protocol", "not a known"),
    ],
)
def test_bad_setting_names_file_and_key(
    tmp_path: Path, change: tuple[str, str], key: str, words: str
) -> None:
    """GIVEN a config with one mistake WHEN loaded THEN ConfigError names the file, the key and why."""
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.key == key
    assert str(path) in str(err.value)
    assert words in str(err.value)


def test_not_yaml_and_not_mapping_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_config(write(tmp_path, "device_id: [unclosed\n"))
    with pytest.raises(ConfigError, match="must be a YAML mapping"):
        load_config(write(tmp_path, "- a\n- b\n"))
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(tmp_path / "absent.yaml")


def test_protocol_is_selectable(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD.replace("18830", "18830\n  protocol: '5'")))
    assert config.broker.protocol is MqttProtocol.V5


def test_broker_url_parts() -> None:
    address = parse_broker_url("mqtt://dev%40x:s3cret@broker.local:8883")
    assert (address.host, address.port, address.username, address.password) == (
        "broker.local",
        8883,
        "dev@x",
        "s3cret",
    )
    assert parse_broker_url("mqtt://10.0.0.5").port == 1883
    for bad in ("mqtt://:1883", "mqtt://h:1/path", "tcp://h:1"):
        with pytest.raises(ValueError):
            parse_broker_url(bad)


def test_shipped_example_is_valid() -> None:
    example = Path(__file__).parents[2] / "edge_agent" / "agent.example.yaml"
    config = load_config(example)
    assert config.device_id == "kiosk-001" and config.components == {}
