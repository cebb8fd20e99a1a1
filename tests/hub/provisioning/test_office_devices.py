"""The supervisors' devices view, pure part: which device is offline, faulty or working, and why in words."""

from __future__ import annotations

from hub.devices.models import Device
from hub.provisioning.office_devices import FAULT, OFFLINE, OK, PROBLEM_TEXT, problems_of, view_of


def _device(online: bool = True, **components: dict[str, str]) -> Device:
    return Device(id="kiosk-1", site="tc-xitun", kind="kiosk", online=online, last_seen=1,
                  health={"components": components, "outbox": 0})  # fmt: skip


def test_paper_out_scanner_jam_and_offline_are_told_apart() -> None:
    paper = view_of(_device(printer={"state": "error", "code": "paper_out", "reason": "load a new roll"}))
    assert paper.status == FAULT and [(p.component_text, p.text) for p in paper.problems] == [
        ("收據印表機", "缺紙")
    ]
    jam = view_of(_device(scanner={"state": "error", "code": "jammed", "reason": "open the feeder"}))
    assert jam.problems[0].text == PROBLEM_TEXT["jammed"] == "卡紙"
    gone = view_of(_device(online=False, printer={"state": "error", "code": "paper_out"}))
    assert gone.status == OFFLINE and gone.problems == []  # an offline device's last health is stale
    assert view_of(_device(printer={"state": "ok"})).status == OK


def test_errors_come_before_warnings_and_an_unknown_code_shows_the_agents_sentence() -> None:
    problems = problems_of({"components": {
        "a_printer": {"state": "warning", "code": "paper_low"},
        "z_reader": {"state": "error", "code": "", "reason": "reader on /dev/ttyUSB3 unplugged"},
    }})  # fmt: skip
    assert [p.severity for p in problems] == ["error", "warning"]
    assert problems[0].text == "" and problems[0].reason == "reader on /dev/ttyUSB3 unplugged"
    assert (
        problems[1].text == "紙快用完" and problems[1].component_text == ""
    )  # an unknown name: shown as data
    assert (
        problems_of(None) == [] and problems_of({"components": {"x": {"state": "error"}}})[0].text == "故障"
    )
