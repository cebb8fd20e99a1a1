"""A missing real component skips a test on a developer's machine but fails it in CI."""

import pytest

from tests.environment import unavailable


def test_missing_component_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="scripts/setup should have provided it"):
        unavailable("mosquitto is not installed")


def test_missing_component_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="mosquitto is not installed"):
        unavailable("mosquitto is not installed")
