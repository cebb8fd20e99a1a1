"""Settings: validated once, from the environment or explicit values, with errors naming the setting."""

import pytest

from hub.core.config import MqttProtocol, SettingsError, load_settings, parse_http_address


def test_defaults_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONESTOP_HUB_SHARED_SUBSCRIPTION", "true")
    monkeypatch.setenv("ONESTOP_HUB_BROKER_URL", "mqtt://hubuser:s3cret@broker.local:1884")
    settings = load_settings(instance_id="hub-2")
    assert settings.shared_subscription is True
    assert settings.mqtt_protocol is MqttProtocol.V311
    assert settings.broker.host == "broker.local" and settings.broker.port == 1884
    assert (settings.broker.username, settings.broker.password) == ("hubuser", "s3cret")
    assert settings.mqtt_client_id == "onestop-hub-2"


def test_explicit_credentials_win_over_the_url() -> None:
    settings = load_settings(broker_url="mqtt://a:b@h:1", broker_username="u", broker_password="pw-7Xq")
    assert (settings.broker.username, settings.broker.password) == ("u", "pw-7Xq")
    assert "pw-7Xq" not in repr(settings)  # the password is a secret


@pytest.mark.parametrize(
    ("values", "names"),
    [
        ({"db_url": "mysql://x/y"}, "db_url"),
        ({"db_url": "not a url"}, "db_url"),
        ({"broker_url": "http://h:1"}, "broker_url"),
        ({"broker_url": "mqtt://h:99999"}, "broker_url"),
        ({"instance_id": "Hub One"}, "instance_id"),
        ({"batch_size": 0}, "batch_size"),
        ({"mqtt_protocol": "4"}, "mqtt_protocol"),
        ({"no_such_setting": 1}, "no_such_setting"),
    ],
)
def test_bad_values_are_refused_naming_the_setting(values: dict[str, object], names: str) -> None:
    with pytest.raises(SettingsError, match=f"{names}.*ONESTOP_HUB_{names.upper()}"):
        load_settings(**values)


def test_http_address() -> None:
    assert parse_http_address("0.0.0.0:8080") == ("0.0.0.0", 8080)
    assert parse_http_address("[::1]:80") == ("::1", 80)
    for bad in ("8080", "host:", "host:0", "host:http"):
        with pytest.raises(ValueError, match="HOST:PORT"):
            parse_http_address(bad)
