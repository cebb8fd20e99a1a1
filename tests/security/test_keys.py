"""Medium 6 of issue 13: outside the demo, `onestop hub serve` refuses an empty, short or built-in demo key
for ID hashing and names it; the example environment file lists every key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.core.config import DEMO_KEYS

ROOT = Path(__file__).resolve().parents[2]


def _serve(tmp_path: Path, **keys: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONESTOP_HUB_")} | keys
    cmd = [sys.executable, "-m", "onestop.cli", "hub", "serve", "--db", f"sqlite:///{tmp_path / 'h.db'}"]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("light", "enrol", "words"),
    [
        (None, None, "light_id_key (ONESTOP_HUB_LIGHT_ID_KEY) is the built-in demo key"),
        ("x" * 40, None, "enrolment_id_key (ONESTOP_HUB_ENROLMENT_ID_KEY) is the built-in demo key"),
        ("", "y" * 40, "light_id_key (ONESTOP_HUB_LIGHT_ID_KEY) is empty"),
        ("x" * 40, "short", "enrolment_id_key (ONESTOP_HUB_ENROLMENT_ID_KEY) is shorter than 32"),
    ],
)
def test_serve_refuses_demo_empty_or_short_keys_and_names_them(
    tmp_path: Path, light: str | None, enrol: str | None, words: str
) -> None:
    keys = {}
    if light is not None:
        keys["ONESTOP_HUB_LIGHT_ID_KEY"] = light
    if enrol is not None:
        keys["ONESTOP_HUB_ENROLMENT_ID_KEY"] = enrol
    done = _serve(tmp_path, **keys)
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert not (tmp_path / "h.db").exists()  # it stopped before touching anything


def test_example_environment_names_every_key() -> None:
    example = (ROOT / "deploy" / "hub.env.example").read_text()
    for name in DEMO_KEYS:
        assert f"ONESTOP_HUB_{name.upper()}=" in example
