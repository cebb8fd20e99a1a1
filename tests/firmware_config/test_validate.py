"""Device YAML: every shipped file validates; broken ones are refused naming file, line and key."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from pathlib import Path

import pytest

from firmware_config.cli import register
from firmware_config.validate import device_files, validate_file

SHIPPED = Path(__file__).parents[2] / "firmware_config" / "devices"


def test_every_shipped_device_file_validates() -> None:
    files = device_files(SHIPPED)
    assert len(files) >= 4
    for file in files:
        config, problems = validate_file(file)
        assert problems == [], f"{file}: {[str(p) for p in problems]}"
        assert config is not None


def test_package_is_merged_and_device_file_wins() -> None:
    config, _ = validate_file(SHIPPED / "tpe-xinyi-c02-keypad.yaml")
    assert config is not None and config.keypad is not None
    assert config.keypad.repeat_guard == 8.0  # own file
    assert config.keypad.prompt.voice == 2 and config.keypad.prompt.timeout == 60.0  # deep merge
    assert config.keypad.serial.baudrate == 9600  # from the package
    assert config.mqtt is not None and config.mqtt.password == "demo-only-keypad-c02"  # !secret


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED, tmp_path / "devices")
    return tmp_path / "devices"


def write(site: Path, name: str, text: str) -> Path:
    path = site / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


KEYPAD = """
packages:
  base: !include packages/keypad-base.yaml
device:
  id: k-1
  site: s-1
  kind: keypad
keypad:
  counter: c09
  serial:
    port: /dev/ttyUSB0
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "fragment"),
    [
        ("  counter: c09", "  countr: c09", 8, "keypad.countr", "not a known setting"),
        (
            "    port: /dev/ttyUSB0",
            "    port: /dev/ttyUSB0\n    baudrate: fast",
            11,
            "keypad.serial.baudrate",
            "integer",
        ),
        ("  kind: keypad", "  kind: toaster", 6, "device.kind", "keypad"),
        ("  counter: c09", "  counter: c09\n  repeat_guard: 2s", 9, "keypad.repeat_guard", "at least 5s"),
        (
            "  counter: c09",
            "  counter: c09\n  buttons:\n    4: satisfied",
            9,
            "keypad.buttons",
            "more than one key",
        ),
        ("  counter: c09", "  counter: c09\n  heartbeat: soon", 9, "keypad.heartbeat", "not a duration"),
    ],
)
def test_broken_file_names_file_line_and_key(
    site: Path, old: str, new: str, line: int, key: str, fragment: str
) -> None:
    path = write(site, "broken.yaml", KEYPAD.replace(old, new))
    config, problems = validate_file(path)
    assert config is None
    named = [p for p in problems if p.key == key]
    assert named, [str(p) for p in problems]
    first = named[0]
    assert (first.file, first.line) == (path, line), str(first)
    assert fragment in first.message
    assert str(first).startswith(f"{path}:{line}: {key}: ")


def test_missing_secret_is_named(site: Path) -> None:
    path = write(site, "s.yaml", KEYPAD + "mqtt:\n  username: k-1\n  password: !secret nope\n")
    _, problems = validate_file(path)
    assert (problems[0].file, problems[0].line, problems[0].key) == (path, 13, "!secret nope")


def test_problem_inside_a_package_points_into_the_package(site: Path) -> None:
    package = site / "packages" / "keypad-base.yaml"
    package.write_text(package.read_text().replace("  heartbeat: 10s", "  heartbeat: 90s"))
    path = write(site, "p.yaml", KEYPAD)
    _, problems = validate_file(path)
    assert (problems[0].file, problems[0].key) == (package, "keypad.heartbeat")
    assert problems[0].line == package.read_text().splitlines().index("  heartbeat: 90s") + 1


def test_invalid_yaml_names_the_line(site: Path) -> None:
    path = write(site, "bad.yaml", "device:\n  id: [unclosed\n  site: x\n")
    _, problems = validate_file(path)
    assert (
        problems[0].file == path and problems[0].line is not None and "not valid YAML" in problems[0].message
    )


def main(argv: list[str]) -> int:
    """``onestop`` with only this command group (the other groups belong to other apps)."""
    parser = argparse.ArgumentParser(prog="onestop")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_exit_codes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "validate", str(SHIPPED)]) == 0
    broken = write(site, "broken.yaml", KEYPAD.replace("  counter: c09", "  countr: c09"))
    assert main(["config", "validate", str(SHIPPED / "tpe-xinyi-c01-keypad.yaml"), str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:8: keypad.countr: is not a known setting" in err
