"""The accessibility check on every registered screen, both sizes, both languages: targets ≥ 90 px and
≥ 20 px apart, text ≥ 28 px, contrast ≥ 4.5:1 measured on the drawn frame (issue 18, acceptance)."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.accessibility import audit
from onestop.dev.fake_agent import FakeAgent
from onestop.screenshots.kiosk import LANGS, registered_screens, visit


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_every_screen_passes_the_accessibility_check(
    kiosk: Any, agent: FakeAgent, size: tuple[int, int]
) -> None:
    """GIVEN every screenshot scene and every registered screen no scene reaches WHEN each is shown at
    ``size`` in zh-TW and English and drawn THEN the check finds nothing on any of them."""
    findings: list[str] = []
    shown: set[str] = set()
    for name, lang, _size in visit(kiosk, agent, (size,), LANGS):
        shown.add(kiosk.app.current)
        findings += [f"{f} [{lang} {name}]" for f in audit(kiosk.app, kiosk.frame(), name)]
    assert set(registered_screens()) <= shown
    assert findings == [], "\n".join(findings)
