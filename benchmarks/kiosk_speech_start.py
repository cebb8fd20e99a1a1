"""How long the kiosk's speech takes to start: from ``Speaker.say`` to the first audible sample.

For every screen's instruction (kiosk.speech.INSTRUCTIONS) and every error message, in zh-TW (voice cmn) and
English, the kiosk's own path is timed — ``Speaker.say`` builds the words and the command line and starts
espeak-ng, here with ``--stdout`` instead of the sound card so the first audible sample (past the WAV header and the leading silence) can be seen — against the
raw component measured in the same run: the bare espeak-ng process start (``--version``, start to exit) and
espeak-ng's first sound for one short word. Run: python benchmarks/kiosk_speech_start.py [--rounds N]
"""

from __future__ import annotations

import argparse
import array
import shutil
import statistics
import subprocess
import sys
import time
from typing import IO

from kiosk.messages import MESSAGES
from kiosk.speech import INSTRUCTIONS, Speaker
from kiosk.steps import Msg


class FirstBytes:
    """The spawn port of Speaker with the audio on a pipe: remembers when the first bytes arrived."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def __call__(self, argv: list[str]) -> subprocess.Popen[bytes]:
        self.proc = subprocess.Popen([*argv[:-1], "--stdout", argv[-1]], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)  # fmt: skip
        return self.proc

    def wait_first(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        _read(self.proc.stdout)
        self.proc.kill()
        self.proc.wait()


AUDIBLE = 500  # a 16-bit sample this far from zero is sound, not the leading silence


def _read(pipe: IO[bytes]) -> None:
    """Read the WAV stream up to the first audible sample (the header and leading silence come first)."""
    header = pipe.read(44)
    if len(header) < 44:
        raise RuntimeError("espeak-ng produced no audio")
    while chunk := pipe.read1(4096) if hasattr(pipe, "read1") else pipe.read(4096):
        samples = array.array("h", chunk[: len(chunk) // 2 * 2])
        if any(abs(s) > AUDIBLE for s in samples):
            return
    raise RuntimeError("espeak-ng produced only silence")


def raw_start(binary: str) -> float:
    start = time.perf_counter()
    subprocess.run([binary, "--version"], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def raw_word(binary: str) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "-v", "en", "--stdout", "ok"], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    _read(proc.stdout)
    elapsed = time.perf_counter() - start
    proc.kill()
    proc.wait()
    return elapsed


def kiosk_say(speaker: Speaker, port: FirstBytes, lang: str, messages: list[Msg]) -> float:
    start = time.perf_counter()
    speaker.say(lang, *messages)
    port.wait_first()
    return time.perf_counter() - start


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms, worst {max(values) * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="times each text is spoken (default 2)")
    args = parser.parse_args(argv)
    binary = shutil.which("espeak-ng")
    if binary is None:
        print("espeak-ng is not installed (apt-get install -y espeak-ng)")
        return 1
    raw_word(binary)  # the first run reads the voice data from disk: not what a citizen waits for
    starts = [raw_start(binary) for _ in range(10)]
    words = [raw_word(binary) for _ in range(10)]
    base = statistics.median(starts)
    print(f"raw espeak-ng process start (--version):  {_ms(starts)}")
    print(f"raw espeak-ng first sound, one word (en):  {_ms(words)}, "
          f"{statistics.median(words) / base:.2f}× the process start")  # fmt: skip
    port = FirstBytes()
    speaker = Speaker(spawn=port, binary=binary)
    screens = sorted(set(INSTRUCTIONS.values()))
    errors = sorted(k for k in MESSAGES if k.startswith("error.") and "{" not in MESSAGES[k][0])
    for lang in ("zh-TW", "en"):
        for label, keys in (("screen instructions", screens), ("errors", errors)):
            times = [kiosk_say(speaker, port, lang, [Msg(k)]) for k in keys for _ in range(args.rounds)]
            med = statistics.median(times)
            print(f"{lang:5} {label:19} ({len(keys):2} texts): {_ms(times)}, {med / base:.2f}× the process "
                  f"start, {med / statistics.median(words):.2f}× one raw word")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
