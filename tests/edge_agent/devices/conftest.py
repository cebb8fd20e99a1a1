"""Fixtures for peripheral tests: the CJK font, SANE configs, and socat pty pairs stopped by PID."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from edge_agent.devices.printer.layout import FontSpec
from edge_agent.devices.scanner.driver import SaneScanner, ScanError
from onestop.dev.ptys import PtyPair


@pytest.fixture(scope="session")
def cjk_font() -> FontSpec:
    out = subprocess.run(
        ["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK TC"], capture_output=True, text=True, check=True
    ).stdout
    path, _, index = out.rpartition(":")
    if "CJK" not in path:
        pytest.fail("Noto Sans CJK TC is not installed (fonts-noto-cjk): run scripts/setup")
    return FontSpec(path, int(index))


ALIAS = "alias kiosk-adf pnm:0\n"


@pytest.fixture
def aliased_sane(sane_dir: Path) -> Iterator[Path]:
    """The session's SANE config with the device ``kiosk-adf`` as an alias of ``pnm:0`` (sane-dll(5)).

    SANE reads SANE_CONFIG_DIR once per process and caches it, so this must be the session's directory."""
    aliases = sane_dir / "dll.aliases"
    aliases.write_text(ALIAS)
    try:
        SaneScanner("kiosk-adf").probe()
    except ScanError:
        aliases.unlink()
        pytest.fail("SANE cached another SANE_CONFIG_DIR earlier in this process: run these tests first")
    try:
        yield sane_dir
    finally:
        aliases.unlink(missing_ok=True)


@pytest.fixture
def pty_pair(tmp_path: Path) -> Iterator[PtyPair]:
    pair = PtyPair(tmp_path / "tty", "dev").start()
    try:
        yield pair
    finally:
        pair.stop()
