"""The pushed configuration: firmware_config files checked the same way by the tool, the hub and the agent."""

from pathlib import Path

import pytest

from firmware_config.device_config import DeviceConfigError, check, load_files

FILES = Path(__file__).resolve().parents[2] / "firmware_config" / "devices"


def test_kiosk_printer_and_scanner_files_make_one_config():
    config = load_files(
        [FILES / "tyc-kiosk-001-printer.yaml", FILES / "tyc-kiosk-001-scanner.yaml"], "tyc-kiosk-001"
    )
    assert [d["device"]["kind"] for d in config["devices"]] == ["receipt_printer", "scanner"]
    check(config, "tyc-kiosk-001")  # what the hub and the agent run again


def test_file_for_another_device_is_refused():
    with pytest.raises(DeviceConfigError, match="is for device 'tyc-kiosk-001', not 'kiosk-9'"):
        load_files([FILES / "tyc-kiosk-001-printer.yaml"], "kiosk-9")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"device": {}}, "devices"),
        ({"devices": []}, "1 to 8"),
        (
            {"devices": [{"device": {"id": "k-1", "site": "s", "kind": "scanner"}}]},
            "needs a 'scanner:' block",
        ),
        ({"devices": [{"device": {"id": "k-1", "site": "s", "kind": "toaster"}}]}, "device.kind"),
    ],
)
def test_bad_shapes_are_refused_with_the_key(config, message):
    with pytest.raises(DeviceConfigError, match=message):
        check(config)


def test_two_files_for_the_same_peripheral_are_refused():
    one = load_files([FILES / "tyc-kiosk-001-printer.yaml"])["devices"][0]
    with pytest.raises(DeviceConfigError, match="two device files configure the receipt_printer"):
        check({"devices": [one, one]})
