"""The message catalogue: both languages complete, every key a screen uses exists, errors say what to do."""

import re
import string
from pathlib import Path

import pytest

import kiosk
from kiosk.messages import LANGUAGES, MESSAGES, component_name, translate

KIOSK_DIR = Path(kiosk.__file__).parent
# app.tr('key' ...), tr("key"), Msg("key"), InvalidEntry("key"), say("key") in .py and .kv files
USED = re.compile(r"""(?:\btr|\bMsg|InvalidEntry|\bsay)\(\s*f?["']([a-z_]+\.[a-z_.]+)["']""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*KIOSK_DIR.rglob("*.py"), *KIOSK_DIR.rglob("*.kv")]:
        keys.update(USED.findall(path.read_text(encoding="utf-8")))
    return keys


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_used_by_a_screen_exists() -> None:
    used = used_keys()
    assert len(used) > 60
    assert sorted(used - MESSAGES.keys()) == []


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_present_with_the_same_parameters(key: str) -> None:
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert fields(zh) == fields(en)
    if key not in ("lang.switch", "tech.component", "error.agent_says"):  # pure formats
        assert re.search(r"[\u4e00-\u9fff]", zh), f"{key}: zh-TW text has no Chinese"


def test_every_device_and_agent_error_says_what_to_do_next() -> None:
    for key, (zh, _en) in MESSAGES.items():
        if key.startswith("error.") and key not in ("error.technician_code", "error.agent_says"):
            assert re.search(r"請|再試|改用|洽", zh), f"{key} does not tell the citizen what to do: {zh}"


def test_translate_fills_parameters_and_defaults_to_chinese() -> None:
    assert translate("error.wrong_pin", tries=2).startswith("PIN 碼錯誤，還可以再試 2 次")
    assert translate("error.wrong_pin", "en", tries=1).startswith("Wrong PIN. Tries left: 1.")
    assert len(LANGUAGES) == 2
    with pytest.raises(KeyError):
        translate("no.such.key")


def test_every_error_code_the_presenter_maps_has_a_message() -> None:
    from kiosk import flow

    for code in flow.DEVICE_CODES:
        assert f"error.device.{code}" in MESSAGES
    for code in flow.KNOWN_CODES:
        assert f"error.{code}" in MESSAGES


def test_every_agent_component_has_a_translated_name() -> None:
    """GIVEN each component the agent can run WHEN the technician screen names it THEN in both languages
    from the catalogue; an unknown (newer) component is shown as the agent sent it."""
    from edge_agent.components import COMPONENT_FACTORIES

    for name in [*COMPONENT_FACTORIES, "provisioning"]:
        assert f"tech.name.{name}" in MESSAGES, name
        assert component_name(name, "zh-TW") != name and component_name(name, "en") != name
    assert component_name("printer") == "收據印表機" and component_name("printer", "en") == "Receipt printer"
    assert component_name("thermometer", "en") == "thermometer"
