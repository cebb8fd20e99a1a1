"""The CJK font for hub-made PDFs (Noto Sans CJK TC from fontconfig, Debian package fonts-noto-cjk)."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CjkFont:
    path: str
    index: int  # face inside the .ttc (TC is 3 in Debian's NotoSansCJK-Regular.ttc)


@functools.cache
def cjk_font(family: str = "Noto Sans CJK TC") -> CjkFont:
    """ValueError naming the package when the font is missing."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}:%{index}", family],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ValueError(f"cannot ask fontconfig for {family}: {exc}") from None
    path, _, index = out.rpartition(":")
    if "CJK" not in path:
        raise ValueError(f"{family} is not installed (Debian package fonts-noto-cjk)")
    return CjkFont(path, int(index or 0))
