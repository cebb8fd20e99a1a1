"""Whole-project checks: every module imports on its own, and the hub needs no hardware or UI library."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("wire", "discovery", "edge_agent", "hub", "kiosk", "firmware_config", "onestop")
HARDWARE_AND_UI = ("smartcard", "serial", "sane", "escpos", "kivy", "pyzbar")


def _modules() -> list[str]:
    names = []
    for pkg in PACKAGES:
        names.append(pkg)
        for info in pkgutil.walk_packages([str(ROOT / pkg)], prefix=f"{pkg}."):
            if ".migrations." not in info.name:
                names.append(info.name)
    return sorted(names)


# Third-party libraries are imported once in the parent; every project module is then imported in a
# fresh fork of it, so a circular or order-dependent import between our own modules still fails, at a
# fraction of the cost of one interpreter per module.
_IMPORT_EACH_IN_A_FORK = """
import importlib, os, sys
for lib in ("pydantic", "pydantic_settings", "sqlalchemy", "fastapi", "paho.mqtt.client", "yaml",
            "cryptography.x509", "PIL.Image", "jinja2", "alembic", "httpx", "zeroconf", "qrcode", "fpdf",
            "psycopg", "uvicorn", "starlette.applications", "serial", "smartcard.System", "escpos.printer",
            "kivy.app", "kivy.uix.widget", "kivy.lang"):
    importlib.import_module(lib)
failed, running = 0, 0
for name in sys.argv[1:]:
    if running == os.cpu_count():
        failed += os.wait()[1] != 0
        running -= 1
    if os.fork() == 0:
        try:
            importlib.import_module(name)
        except BaseException as exc:
            sys.stderr.write(f"{name}: {type(exc).__name__}: {exc}\\n")
            os._exit(1)
        os._exit(0)
    running += 1
while running:
    failed += os.wait()[1] != 0
    running -= 1
sys.exit(1 if failed else 0)
"""


# ~150 s of CPU for ~500 forks: 1009 s of wall time on a machine at load 25, where the suite's 300 s default
# (timeout_method "thread" ends the whole pytest process) killed every test after this one. A bound, not a wait.
@pytest.mark.timeout(1500)
def test_every_module_imports_on_its_own() -> None:
    """GIVEN each module in a fresh process THEN it imports (no circular or order-dependent imports)."""
    env = {**os.environ, "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_IN_A_FORK, *_modules()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=1400,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_the_hub_runs_without_hardware_or_ui_libraries() -> None:
    """GIVEN pyscard, pyserial, SANE, escpos, Kivy and zbar made unimportable THEN the whole hub still loads."""
    blocker = (
        "import sys, importlib.abc\n"
        f"BLOCKED = {HARDWARE_AND_UI!r}\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ImportError(f'{name} is blocked: the hub must not need it')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from hub.core.config import Settings\n"
        "from hub.api.app import create_app\n"
        "import hub.cli\n"
        "from hub.features import load_features\n"
        "load_features()\n"
        "create_app(Settings(db_url='sqlite://'))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", blocker], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.mark.parametrize("pkg", PACKAGES)
def test_every_module_has_a_one_line_docstring(pkg: str) -> None:
    missing = []
    for path in (ROOT / pkg).rglob("*.py"):
        if "migrations/versions" in path.as_posix():
            continue
        text = path.read_text(encoding="utf-8").lstrip()
        if text and not text.startswith(('"""', "'''", "#!")):
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, f"modules without a docstring on top: {missing}"
