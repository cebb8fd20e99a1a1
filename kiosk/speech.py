"""Optional spoken prompts with espeak-ng; only fixed catalogue texts are spoken, never personal data."""

from __future__ import annotations

import logging
import shutil
import subprocess

from kiosk.messages import translate

log = logging.getLogger(__name__)
_VOICES = {"zh-TW": "cmn", "en": "en"}


class Speaker:
    """Speaks ``speech.*`` messages in the background; a no-op when disabled or espeak-ng is missing."""

    def __init__(self, enabled: bool) -> None:
        self.binary = shutil.which("espeak-ng") if enabled else None
        self._proc: subprocess.Popen[bytes] | None = None
        self.spoken: list[str] = []  # keys, for tests

    def say(self, key: str, lang: str) -> None:
        if not key.startswith("speech."):
            raise ValueError(f"only speech.* prompts may be spoken, not {key!r}")
        self.spoken.append(key)
        if self.binary is None:
            return
        self.stop()
        try:
            self._proc = subprocess.Popen(
                [self.binary, "-v", _VOICES.get(lang, "cmn"), translate(key, lang)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except OSError as exc:
            log.warning("espeak-ng could not start: %s", exc)

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        self._proc = None
