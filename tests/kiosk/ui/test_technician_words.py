"""The technician screen names each fault in words of the screen's language, never a raw code such as
``paper_out`` (issue 18, defect 7), whether the agent sends a code with its own sentence, only a code, or a
code the kiosk does not know."""

from __future__ import annotations

import re
from typing import Any

from kiosk.messages import translate
from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.test_colours import open_technician

RAW_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
CJK = re.compile(r"[\u3400-\u9fff]")


def status_lines(kiosk: Any) -> list[str]:
    plain = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", kiosk.find("status").text)
    return plain.split("\n")


def test_faults_are_words_in_the_screens_language(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN the printer out of paper and the scanner jammed WHEN the technician screen is opened by touch
    THEN each line says the fault in Chinese words, no code; switched to English, English words, no Chinese
    and no code anywhere on the screen (the language button aside)."""
    agent.printer_problem, agent.scanner_problem = "paper_out", "jammed"
    open_technician(kiosk)
    lines = status_lines(kiosk)
    printer = next(line for line in lines if "收據印表機" in line)
    scanner = next(line for line in lines if "掃描器" in line)
    assert translate("tech.fault.paper_out") in printer and "故障" in printer
    assert translate("tech.fault.jammed") in scanner
    assert not RAW_CODE.search(kiosk.screen_text()), kiosk.screen_text()
    kiosk.tap(kiosk.find("lang"))
    lines = status_lines(kiosk)
    assert any(translate("tech.fault.paper_out", "en") in line for line in lines)
    assert any(line.startswith("■ Scanner: fault paper jam") for line in lines), lines
    shown = [t for t in kiosk.texts() if t != kiosk.find("lang").text]
    assert not any(CJK.search(t) for t in shown), shown
    assert not RAW_CODE.search("\n".join(shown))


def test_an_unknown_code_is_not_shown_raw_in_either_language(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a scanner fault whose code the kiosk has no words for (a newer agent) and no sentence beside it
    WHEN the technician screen shows it THEN it says "another problem: see the log", in each language."""
    agent.scanner_problem = "feeder_motor_stall"
    open_technician(kiosk)
    scanner = next(line for line in status_lines(kiosk) if "掃描器" in line)
    assert translate("tech.fault.unlisted") in scanner and "feeder" not in kiosk.screen_text()
    kiosk.tap(kiosk.find("lang"))
    scanner = next(line for line in status_lines(kiosk) if line.startswith("■ Scanner"))
    assert translate("tech.fault.unlisted", "en") in scanner and "feeder_motor" not in kiosk.screen_text()


def test_an_older_agent_that_sent_the_code_as_its_reason_still_gets_words() -> None:
    """An agent from before ``code`` put ``paper_out`` in ``reason``: words, in both languages; an English
    sentence of its own is kept on the English screen only."""
    from kiosk.agent_api import ComponentStatus
    from kiosk.screens.technician import fault_words

    old = ComponentStatus("printer", "error", "paper_out")
    assert fault_words(old, "zh-TW") == translate("tech.fault.paper_out", "zh-TW")
    assert fault_words(old, "en") == translate("tech.fault.paper_out", "en")
    sentence = ComponentStatus("keypad", "error", "keypad on /dev/ttyUSB0 does not answer", "wobbly")
    assert fault_words(sentence, "en") == "keypad on /dev/ttyUSB0 does not answer"
    assert fault_words(sentence, "zh-TW") == translate("tech.fault.unlisted", "zh-TW")
    assert fault_words(ComponentStatus("card", "ok"), "zh-TW") == ""
