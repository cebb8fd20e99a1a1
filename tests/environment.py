"""What a test does when a real component it needs is missing: skip on a developer's machine, fail in CI.

`scripts/setup` installs every component, so under CI a missing one is a broken install step, and a skip
there would hide it behind a green run.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} — scripts/setup should have provided it", pytrace=False)
    pytest.skip(reason)
