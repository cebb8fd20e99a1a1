"""The layer contracts in `.importlinter` hold, and they really refuse: a planted upward import breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("wire", "discovery", "firmware_config", "edge_agent", "hub", "kiosk", "onestop")
LINT = Path(sys.executable).with_name("lint-imports")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    if not LINT.exists():
        pytest.fail("lint-imports is missing: scripts/setup installs it with the dev extra", pytrace=False)
    # Only the tree under test on the path: the installed (editable) project must not stand in for it.
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree), "PYTHONNOUSERSITE": "1", "HOME": str(tree)}
    return subprocess.run(
        [str(LINT), "--no-cache", str(tree / ".importlinter")],
        cwd=tree, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's packages and contracts, copied so a violation can be planted without touching the repo."""
    tree = tmp_path_factory.mktemp("layers")
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, tree / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / ".importlinter", tree / ".importlinter")
    return tree


def plant(tree: Path, module: str, line: str) -> str:
    path = tree / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = tree / module.replace(".", "/") / "__init__.py"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{line}  # planted by tests/test_layers.py\n", encoding="utf-8")
    return original


def test_the_project_keeps_every_contract() -> None:
    proc = lint(ROOT)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout or "broken" not in proc.stdout.split("Contracts:")[-1]


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("edge_agent.outbox", "import hub.cases.models", "Layers"),
        ("hub.api.app", "import onestop.processes", "Layers"),
        ("kiosk.flow", "import edge_agent.outbox", "Layers"),
        ("wire.codec", "import firmware_config", "Layers"),
        ("kiosk.flow", "import sqlalchemy", "never load the hub's server stack"),
        ("edge_agent.outbox", "import fastapi", "never load the hub's server stack"),
        ("kiosk.flow", "import paho.mqtt.client", "pure UI"),
        ("hub.api.app", "import serial", "no hardware"),
        ("hub.cases.service", "import hub.ratings.service", "Hub features"),
        ("hub.enrolment.service", "import hub.cases.service", "Hub features"),
        ("hub.notify.outbox", "import hub.cases.models", "Hub features"),
    ],
)
def test_a_planted_violation_breaks_its_contract(copy: Path, module: str, line: str, contract: str) -> None:
    """GIVEN a copy of the project WHEN one module gets an import its layer forbids THEN lint-imports fails
    and names the broken contract and the offending import."""
    original = plant(copy, module, line)
    try:
        proc = lint(copy)
    finally:
        path = copy / (module.replace(".", "/") + ".py")
        if not path.exists():
            path = copy / module.replace(".", "/") / "__init__.py"
        path.write_text(original, encoding="utf-8")
    assert proc.returncode != 0, proc.stdout[-3000:]
    broken = proc.stdout.split("Broken contracts")[-1]
    assert contract in broken, broken[-3000:]
    assert module in broken, broken[-3000:]
