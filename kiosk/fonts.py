"""Finds Noto Sans CJK (Debian's fonts-noto-cjk) and extracts its Traditional Chinese face for Kivy.

Kivy's text providers open face 0 of a font collection, which in NotoSansCJK-*.ttc is the Japanese face
(直, 令, 骨, 說 ... then show Japanese shapes). ``traditional_chinese_font`` writes the collection's
"Noto Sans CJK TC" member once into a cache file (fontTools, ~1 s) that Kivy can open as a plain font.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

TC_FAMILY = "Noto Sans CJK TC"

_KNOWN = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
)


class FontExtractError(Exception):
    """The font collection cannot be read or has no face of the wanted family."""


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


def default_font_cache() -> Path:
    """``$XDG_CACHE_HOME/onestop/kiosk-fonts`` (``~/.cache/...`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "onestop" / "kiosk-fonts"


def face_index(collection: Path, family: str = TC_FAMILY) -> int:
    """The index of the face named ``family`` (name ID 1) in the collection ``collection``."""
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]  # only on first start

    try:
        fonts = TTCollection(str(collection), lazy=True).fonts
    except Exception as exc:  # fontTools raises several types for unreadable files
        raise FontExtractError(f"cannot read font collection {collection}: {exc}") from exc
    names = [f["name"].getDebugName(1) for f in fonts]
    if family not in names:
        raise FontExtractError(f"{collection} has no {family!r} face (it has {', '.join(map(str, names))})")
    return names.index(family)


def extract_face(collection: Path, cache_dir: Path, family: str = TC_FAMILY) -> Path:
    """The ``family`` face of ``collection`` as a single font file in ``cache_dir``, written on first use.

    The cache file's name carries the collection's size and modification time, so an updated font package
    is extracted again; it is written to a temporary file and renamed, so a half-written file is never used.
    """
    if not collection.is_file():
        raise FontExtractError(f"font collection {collection} does not exist (install fonts-noto-cjk)")
    stat = collection.stat()
    tag = family.replace(" ", "")
    target = cache_dir / f"{collection.stem}.{tag}.{stat.st_size}-{stat.st_mtime_ns}.otf"
    if target.is_file() and target.stat().st_size > 0:
        return target
    from fontTools.ttLib import TTCollection

    index = face_index(collection, family)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise FontExtractError(f"cannot create the font cache {cache_dir}: {exc}") from exc
    try:
        TTCollection(str(collection), lazy=True).fonts[index].save(tmp)
        os.replace(tmp, target)
    except Exception as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FontExtractError(
            f"cannot write the {family} face of {collection} to {cache_dir}: {exc}"
        ) from exc
    log.info("extracted %s from %s to %s", family, collection, target)
    return target


def traditional_chinese_font(style: str, cache_dir: Path | None = None) -> Path | None:
    """The Noto Sans CJK TC face of ``style`` as a plain font file Kivy can open; None without the package.

    Falls back to the collection itself (face 0, Japanese shapes) with a warning if extraction fails.
    """
    collection = find_cjk_font(style)
    if collection is None:
        return None
    if collection.suffix.lower() != ".ttc":
        return collection
    try:
        return extract_face(collection, cache_dir or default_font_cache())
    except FontExtractError as exc:
        log.warning("using face 0 (Japanese shapes) of %s: %s", collection, exc)
        return collection
