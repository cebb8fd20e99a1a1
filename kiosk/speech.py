"""Spoken instructions and errors with espeak-ng (issue 18, defect 6): on by default, four volume levels.

Only catalogue texts are spoken (``speech.*`` instructions and ``error.*`` messages, with their parameters),
never what a citizen typed. Pure apart from starting the engine: the process start is a port (``spawn``) so
tests can see the exact command line; the benchmark and tests/kiosk/test_speech.py run the real engine.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable, Sequence
from typing import Protocol

from kiosk.messages import MESSAGES, translate
from kiosk.steps import Msg, Screen

log = logging.getLogger(__name__)

# espeak-ng 1.51 voices: cmn (Mandarin) for zh-TW; there is no Taiwanese Hokkien (nan) voice (docs/kiosk.md).
VOICES = {"zh-TW": "cmn", "en": "en"}
# Volume levels the citizen steps through (off, low, medium, high) → espeak-ng's amplitude (-a, 0–200).
AMPLITUDE = (0, 50, 100, 170)
DEFAULT_VOLUME = 2
RATE_WPM = 150  # slower than espeak-ng's 175: the kiosk is for everyone, 70-year-olds included
_JOIN = {"zh-TW": "。", "en": ". "}
# The instruction each screen speaks when it appears (a screen with variants overrides ``speech()``).
INSTRUCTIONS: dict[str, str] = {
    Screen.WELCOME: "speech.welcome", Screen.IDENTIFY: "speech.identify", Screen.PIN: "speech.pin",
    Screen.CATALOGUE: "speech.catalogue", Screen.APPLY: "speech.apply", Screen.CONFIRM: "speech.confirm",
    Screen.DONE: "speech.done", Screen.PROGRESS: "speech.progress", Screen.RETURNS: "speech.returns",
    Screen.PRINT_CHECK: "speech.check", Screen.TECH_LOGIN: "speech.tech_login",
    Screen.TECHNICIAN: "speech.technician", Screen.KG_BOARD: "speech.kg_board",
    Screen.KG_RESULT: "speech.kg_result", Screen.KG_REGISTER: "speech.kg_register",
    Screen.SERVICES: "speech.services", Screen.FINES: "speech.fines", Screen.FINES_LIST: "speech.fines_list",
    Screen.FAQ: "speech.faq", Screen.JOBS: "speech.jobs", Screen.TAKE_CARD: "speech.take_card",
    Screen.FORMS: "speech.forms", Screen.FORMS_LIST: "speech.forms_list", Screen.FORMS_PRINT: "speech.forms_print",
    Screen.PRINT_PLAN: "speech.print_plan", Screen.SLIP: "speech.slip",
}  # fmt: skip


class Process(Protocol):
    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...


Spawn = Callable[[list[str]], Process]


def _popen(argv: list[str]) -> Process:
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def speech_text(messages: Sequence[Msg], lang: str) -> str:
    """The words of ``messages`` in ``lang``, one utterance; refuses anything that is not a catalogue text
    (screens show errors from several catalogues: ``error.*``, ``fines.*``…; never typed text)."""
    for msg in messages:
        if msg.key not in MESSAGES:
            raise ValueError(f"only catalogue texts may be spoken, not {msg.key!r}")
    parts = [translate(m.key, lang, **m.params).rstrip("。.! ") for m in messages]
    return _JOIN.get(lang, ". ").join(p for p in parts if p)


def command(binary: str, lang: str, volume: int, text: str) -> list[str]:
    """The espeak-ng command line for ``text`` at volume level ``volume``."""
    return [binary, "-v", VOICES.get(lang, "cmn"), "-a", str(AMPLITUDE[volume]), "-s", str(RATE_WPM), text]


class Speaker:
    """Speaks in the background, one utterance at a time (a new one cuts the last); ``spoken`` keeps the keys."""

    def __init__(
        self,
        enabled: bool = True,
        volume: int = DEFAULT_VOLUME,
        *,
        spawn: Spawn = _popen,
        binary: str | None = None,
    ) -> None:
        if not 0 <= volume < len(AMPLITUDE):
            raise ValueError(f"volume must be a level from 0 (off) to {len(AMPLITUDE) - 1}, not {volume}")
        self.enabled = enabled
        self.volume = volume
        self.binary = binary or (shutil.which("espeak-ng") if enabled else None)
        if enabled and self.binary is None:
            log.warning("espeak-ng not found (apt-get install -y espeak-ng): the kiosk cannot speak")
        self._spawn = spawn
        self._proc: Process | None = None
        self.spoken: list[str] = []  # message keys in the order spoken, for tests and the log

    def say(self, lang: str, *messages: Msg) -> None:
        """Say ``messages`` as one utterance; never raises (speech must not take a screen down)."""
        try:
            text = speech_text(messages, lang)
        except (ValueError, KeyError, IndexError) as exc:
            log.error("not spoken: %s", exc)
            return
        self.spoken.extend(m.key for m in messages)
        self.stop()
        if not self.enabled or self.binary is None or self.volume == 0 or not text:
            return
        try:
            self._proc = self._spawn(command(self.binary, lang, self.volume, text))
        except OSError as exc:
            log.warning("espeak-ng could not start: %s", exc)

    def louder(self) -> int:
        """The next volume level, wrapping from high back to off; returns the new level."""
        self.volume = (self.volume + 1) % len(AMPLITUDE)
        if self.volume == 0:
            self.stop()
        return self.volume

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        self._proc = None
