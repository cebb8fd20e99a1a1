"""Finds the Noto Sans CJK font from Debian's fonts-noto-cjk (via fc-list) for Traditional Chinese text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

_KNOWN = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
)


def find_cjk_font(style: str = "Regular") -> Path | None:
    """The Noto Sans CJK file of ``style`` (Regular or Bold), or None if the package is not installed."""
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=zh-tw", "file", "family", "style"],
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        for line in sorted(out.splitlines()):
            path = line.split(":", 1)[0]
            if "NotoSansCJK" in path and f"-{style}." in path and Path(path).exists():
                return Path(path)
    for known in _KNOWN:
        candidate = Path(known.replace("Regular", style))
        if candidate.exists():
            return candidate
    return None
