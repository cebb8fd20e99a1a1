"""How long the kiosk's speech takes to start: espeak-ng's first audio bytes for each catalogue prompt.

Prints the time from starting espeak-ng (as kiosk.speech.Speaker does, with --stdout instead of the sound
card) to its first WAV bytes, for zh-TW (voice cmn) and English, against the raw component measured in the
same run: espeak-ng speaking one short Latin word. Run: python benchmarks/kiosk_speech_start.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

from kiosk.messages import MESSAGES, translate
from kiosk.speech import _VOICES


def first_bytes(binary: str, voice: str, text: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "-v", voice, "--stdout", text], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.read(64)  # the WAV header and the first samples
    elapsed = time.perf_counter() - start
    proc.kill()
    proc.wait()
    return elapsed


def main() -> int:
    binary = shutil.which("espeak-ng")
    if binary is None:
        print("espeak-ng is not installed (apt-get install -y espeak-ng)")
        return 1
    raw = [first_bytes(binary, "en", "ok") for _ in range(5)]
    base = statistics.median(raw)
    print(f"raw espeak-ng, one word: median {base * 1000:.0f} ms")
    for lang in ("zh-TW", "en"):
        times = [first_bytes(binary, _VOICES[lang], translate(key, lang))
                 for key in MESSAGES if key.startswith("speech.") for _ in range(2)]  # fmt: skip
        med, worst = statistics.median(times), max(times)
        print(
            f"{lang} prompts ({_VOICES[lang]}): median {med * 1000:.0f} ms, worst {worst * 1000:.0f} ms, "
            f"{med / base:.2f}× the raw start"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
