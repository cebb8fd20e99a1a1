"""The accessibility check of whatever the kiosk shows now: touch targets, gaps, type size, drawn contrast.

``audit(app, image)`` walks the top layer of the window (an open overlay, else the bar and the current
screen), measures every enabled touch target and every visible text, and samples the rendered frame
``image`` (a PIL image of the window, e.g. ``KioskDriver.frame()``) under each text for its contrast.
The rules themselves are pure (``kiosk.a11y_rules``). Used by ``tests/kiosk/ui/test_accessibility.py`` on
every registered screen at both sizes, and by the screenshot tool on every scene it writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.widget import Widget

from kiosk.a11y_rules import (
    MIN_CONTRAST,
    MIN_TEXT_PX,
    Finding,
    Rect,
    contrast,
    line_findings,
    markup_colours,
    markup_sizes,
    plain,
    target_findings,
    text_colours,
)


def top_layer(app: Any) -> list[Widget]:
    """What the citizen can touch now: the topmost open overlay, or the shell (bar and current screen)."""
    modals = [w for w in Window.children if isinstance(w, ModalView)]
    return [modals[0]] if modals else [app.shell]


def visible_widgets(roots: list[Widget]) -> Iterator[Widget]:
    """Widgets drawn with some opacity, whose ancestors too are drawn (opacity multiplies down the tree)."""
    stack = list(roots)
    while stack:
        widget = stack.pop()
        if widget.opacity <= 0.01 or widget.width <= 0 or widget.height <= 0:
            continue
        yield widget
        stack.extend(widget.children)


def window_rect(widget: Widget) -> Rect:
    x, y = widget.to_window(widget.x, widget.y)
    return Rect(x, y, widget.width, widget.height)


def _name(widget: Widget) -> str:
    text = plain(str(getattr(widget, "text", "") or "")).replace("\n", " ").strip()
    return text[:24] or type(widget).__name__


def text_rect(label: Label) -> Rect:
    """Where Kivy draws a label's texture: centred on the widget, texture_size big."""
    tw, th = label.texture_size
    x = int(label.center_x - tw / 2)
    y = int(label.center_y - th / 2)
    wx, wy = label.to_window(x, y)
    return Rect(wx, wy, tw, th)


def drawn_lines(label: Label) -> list[str]:
    core = label._label
    lines = getattr(core, "_cached_lines", None) or []
    return ["".join(word.text for word in line.words) for line in lines]


def _sample(image: Any, rect: Rect) -> list[tuple[int, int, int]]:
    width, height = image.size
    x0, x1 = max(0, int(rect.x)), min(width, int(rect.right))
    y0, y1 = max(0, int(height - rect.top)), min(height, int(height - rect.y))  # image rows go down
    if x1 - x0 < 2 or y1 - y0 < 2:
        return []
    return list(image.crop((x0, y0, x1, y1)).getdata())


def audit(app: Any, image: Any, screen: str | None = None) -> list[Finding]:
    """Every broken rule on what is shown now; ``image`` is the rendered window (RGB, window size)."""
    name = screen or app.current
    widgets = list(visible_widgets(top_layer(app)))
    targets = [
        (_name(w), window_rect(w))
        for w in widgets
        if isinstance(w, ButtonBehavior) and not w.disabled and (getattr(w, "text", "") or w.children)
    ]
    findings = target_findings(name, targets)
    rgb = image.convert("RGB")
    for w in widgets:
        if not isinstance(w, Label) or w.disabled or not plain(str(w.text)).strip():
            continue
        what = _name(w)
        text = str(w.text)
        sizes = markup_sizes(text, float(w.font_size)) if w.markup else [float(w.font_size)]
        if min(sizes) < MIN_TEXT_PX - 0.5:
            findings.append(Finding(name, "text_size", what, f"{min(sizes):.0f} px < {MIN_TEXT_PX}"))
        findings += line_findings(name, what, text, drawn_lines(w))
        sampled = text_colours(_sample(rgb, text_rect(w)))
        if sampled is None:
            findings.append(Finding(name, "contrast", what, "no text drawn (blank or clipped)"))
            continue
        background, ink = sampled
        worst = min([contrast(ink, background)] + [contrast(c, background) for c in markup_colours(text)])
        if worst < MIN_CONTRAST:
            findings.append(Finding(name, "contrast", what,
                                    f"{worst:.1f}:1 < {MIN_CONTRAST} (text {ink} on {background})"))  # fmt: skip
    return findings
