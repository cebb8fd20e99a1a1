"""Debian's Chromium, headless, through Playwright: the one way tests, screenshot tools and benchmarks open it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Debian's build (scripts/setup installs it); Playwright downloads no browser of its own here.
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class ChromiumMissing(RuntimeError):
    """Chromium is not installed where scripts/setup puts it."""


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium (a Playwright ``Browser``), closed on exit."""
    if not CHROMIUM.exists():
        raise ChromiumMissing(f"Debian chromium is not installed at {CHROMIUM} (scripts/setup installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
