"""Accessibility rules for a kiosk screen (pure): contrast from drawn pixels, target size and gaps, type size."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_TARGET_PX = 90  # ≈15 mm on the kiosk's 22" 1920×1080 panel (issue 18, acceptance)
MIN_GAP_PX = 20  # between two touch targets
MIN_TEXT_PX = 28  # anything a citizen must read
MIN_CONTRAST = 4.5  # WCAG 2.x AA for body text, EN 301 549 §9.1.4.3

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in window pixels (origin bottom-left, as Kivy counts)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule on one screen: which rule, what (a short text of the widget), and the measure."""

    screen: str
    rule: str
    what: str
    detail: str

    def __str__(self) -> str:
        return f"{self.screen}: {self.rule} «{self.what}» {self.detail}"


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (0–255 channels)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1.0 … 21.0."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def text_colours(pixels: Iterable[RGB], min_count: int = 4) -> tuple[RGB, RGB] | None:
    """(background, text) sampled from the pixels of a drawn text box: the background is the commonest
    colour, the text the colour furthest from it in contrast that covers at least ``min_count`` pixels
    (glyph cores; anti-aliased edges are single odd shades). None when nothing but background is drawn."""
    counts = Counter(pixels)
    if not counts:
        return None
    background = counts.most_common(1)[0][0]
    candidates = [c for c, n in counts.items() if n >= min_count and c != background]
    if not candidates:
        return None
    return background, max(candidates, key=lambda c: contrast(c, background))


def gap(a: Rect, b: Rect) -> float:
    """The shortest distance between two rectangles (0 when they touch or overlap)."""
    dx = max(0.0, b.x - a.right, a.x - b.right)
    dy = max(0.0, b.y - a.top, a.y - b.top)
    return math.hypot(dx, dy)


def target_findings(screen: str, targets: Sequence[tuple[str, Rect]]) -> list[Finding]:
    """Every enabled target at least 90 px both ways, and at least 20 px from every other target."""
    out = [
        Finding(screen, "target_size", name, f"{r.w:.0f}×{r.h:.0f} px < {MIN_TARGET_PX}")
        for name, r in targets
        if min(r.w, r.h) < MIN_TARGET_PX - 0.5
    ]
    for i, (name_a, a) in enumerate(targets):
        for name_b, b in targets[i + 1 :]:
            d = gap(a, b)
            if d < MIN_GAP_PX - 0.5:
                out.append(
                    Finding(screen, "target_gap", f"{name_a} | {name_b}", f"{d:.0f} px < {MIN_GAP_PX}")
                )
    return out


_SIZE_TAG = re.compile(r"\[size=(\d+(?:\.\d+)?)(?:px)?\]")
_COLOR_TAG = re.compile(r"\[color=#?([0-9a-fA-F]{6})")
_TAG = re.compile(r"\[/?[a-z]+(?:=[^\]]*)?\]")


def markup_sizes(text: str, base: float) -> list[float]:
    """The font sizes a markup text is drawn in: the label's own and every ``[size=N]`` with visible text."""
    sizes = [base] if _TAG.sub("", re.split(r"\[size=", text, maxsplit=1)[0]).strip() else []
    for match in _SIZE_TAG.finditer(text):
        rest = text[match.end() :].split("[/size]", 1)[0]
        if _TAG.sub("", rest).strip():
            sizes.append(float(match.group(1)))
    return sizes or [base]


def markup_colours(text: str) -> list[RGB]:
    """The ``[color=rrggbb]`` colours a markup text asks for."""
    return [(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)) for h in _COLOR_TAG.findall(text)]


def plain(text: str) -> str:
    """The text without markup tags."""
    return _TAG.sub("", text)


CASE_NO = re.compile(r"[A-Z]\d{6}-[0-9A-Z]{5}-[0-9A-Z]{5}")


def line_findings(screen: str, what: str, text: str, lines: Sequence[str]) -> list[Finding]:
    """Drawn lines: no line that is one lone CJK character of a longer text, no case number split."""
    out: list[Finding] = []
    stripped = [line.strip() for line in lines if line.strip()]
    if len(stripped) > 1:
        for line in stripped:
            core = line.strip("，。、：；？！）」』】》…,.:;?!)]} ")
            if len(core) == 1 and not core.isascii():
                out.append(Finding(screen, "lone_character", what, f"line {line!r}"))
    joined = "\n".join(stripped)
    for case_no in CASE_NO.findall(plain(text).replace("\n", "")):
        if case_no not in joined.replace(" ", ""):
            out.append(Finding(screen, "split_code", what, case_no))
    return out
