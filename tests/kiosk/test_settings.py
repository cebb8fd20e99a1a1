"""Kiosk settings refuse what would break the kiosk's promises, with a message saying what to change."""

import pytest

from kiosk.settings import KioskSettings


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"agent_url": "http://10.0.0.5:8470"}, "loopback"),
        ({"language": "fr"}, "zh-TW, en"),
        ({"size": (800, 600)}, "too small"),
        ({"idle_warning": 80.0, "idle_reset": 90.0}, "20 s"),
        ({"card_poll": 3.0}, "within 2 s"),
        ({"technician_code": "12ab"}, "4 to 12 digits"),
        ({"volume": 4}, "0 \\(off\\) to 3"),
    ],
)
def test_bad_settings_are_refused(change: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        KioskSettings(**change)  # type: ignore[arg-type]


def test_defaults_are_the_issue_figures() -> None:
    s = KioskSettings()
    assert (s.idle_warning, s.idle_reset, s.language, s.size) == (60.0, 90.0, "zh-TW", (1280, 800))
