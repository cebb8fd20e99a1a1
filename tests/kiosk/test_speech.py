"""Speech (issue 18, defect 6): what is said, the command line the engine gets, volume, and the real engine."""

from __future__ import annotations

import array
import io
import shutil
import subprocess
import wave

import pytest

from kiosk.messages import MESSAGES, translate
from kiosk.speech import AMPLITUDE, INSTRUCTIONS, Speaker, command, speech_text
from kiosk.steps import Msg, Screen


class Recorder:
    """The spawn port: keeps each command line; the "process" has already finished."""

    def __init__(self) -> None:
        self.argv: list[list[str]] = []

    def __call__(self, argv: list[str]) -> Recorder:
        self.argv.append(argv)
        return self

    def poll(self) -> int | None:
        return 0

    def terminate(self) -> None:
        raise AssertionError("a finished process is not terminated")


@pytest.mark.parametrize("screen", list(Screen))
def test_every_screen_has_a_spoken_instruction_in_both_languages(screen: Screen) -> None:
    key = INSTRUCTIONS[screen]
    assert key.startswith("speech.")
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)  # one language per screen: Chinese said in Chinese
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en)


def test_only_catalogue_texts_are_spoken_and_a_bad_one_never_raises() -> None:
    """A key that is not in the catalogue is refused by speech_text, and say() logs it instead of raising
    (a screen must not fall over because of speech); a screen's own error key (fines.*) is spoken."""
    rec = Recorder()
    speaker = Speaker(spawn=rec, binary="espeak-ng")
    with pytest.raises(ValueError, match="only catalogue texts"):
        speech_text([Msg("typed by the citizen: A123456789")], "zh-TW")
    speaker.say("zh-TW", Msg("typed by the citizen: A123456789"))
    assert speaker.spoken == [] and rec.argv == []
    speaker.say("zh-TW", Msg("fines.bad_business_no"))
    assert speaker.spoken == ["fines.bad_business_no"] and rec.argv[-1][-1]


def test_an_error_is_said_after_the_instruction_with_its_parameters() -> None:
    rec = Recorder()
    speaker = Speaker(spawn=rec, binary="espeak-ng")
    speaker.say("zh-TW", Msg("speech.pin"), Msg("error.wrong_pin", {"tries": 2}))
    text = rec.argv[-1][-1]
    assert text.startswith(translate("speech.pin", "zh-TW"))
    assert translate("error.wrong_pin", "zh-TW", tries=2).rstrip("。") in text
    assert speaker.spoken == ["speech.pin", "error.wrong_pin"]


def test_volume_changes_the_amplitude_given_to_the_engine_and_off_starts_nothing() -> None:
    rec = Recorder()
    speaker = Speaker(volume=1, spawn=rec, binary="espeak-ng")
    speaker.say("en", Msg("speech.welcome"))
    assert speaker.louder() == 2
    speaker.say("en", Msg("speech.welcome"))
    assert speaker.louder() == 3
    speaker.say("en", Msg("speech.welcome"))
    amplitudes = [argv[argv.index("-a") + 1] for argv in rec.argv]
    assert amplitudes == [str(AMPLITUDE[1]), str(AMPLITUDE[2]), str(AMPLITUDE[3])]
    assert speaker.louder() == 0
    speaker.say("en", Msg("speech.welcome"))
    assert len(rec.argv) == 3  # off: nothing is started, but what would be said is still known
    assert speaker.spoken[-1] == "speech.welcome"
    assert [argv[2] for argv in rec.argv] == ["en"] * 3


def test_mandarin_uses_the_cmn_voice() -> None:
    assert command("espeak-ng", "zh-TW", 2, "請")[1:3] == ["-v", "cmn"]


def test_a_bad_volume_is_refused() -> None:
    with pytest.raises(ValueError, match="volume must be"):
        Speaker(volume=7, spawn=Recorder(), binary="espeak-ng")


def _rms(argv: list[str]) -> float:
    wav = subprocess.run(
        [*argv[:-1], "--stdout", argv[-1]], capture_output=True, check=True, timeout=30
    ).stdout
    with wave.open(io.BytesIO(wav)) as w:
        samples = array.array("h", w.readframes(w.getnframes()))
    return (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_the_real_engine_speaks_mandarin_louder_at_a_higher_level() -> None:
    """GIVEN espeak-ng WHEN the same Mandarin instruction is rendered at low and high THEN the high one has
    more energy, and both are real audio (not silence)."""
    binary = shutil.which("espeak-ng")
    assert binary is not None
    text = speech_text([Msg("speech.identify")], "zh-TW")
    low, high = _rms(command(binary, "zh-TW", 1, text)), _rms(command(binary, "zh-TW", 3, text))
    assert low > 100
    assert high > 2 * low
