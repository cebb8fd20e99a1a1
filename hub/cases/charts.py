"""Server-side SVG charts for the SLA report (pure): stacked horizontal bars, one per agency or service.

Why SVG on the server rather than a JavaScript library: the page works without scripts (kiosk-grade
browsers, print, screenshots), every bar carries a <title> for screen readers and the same numbers are in
a table beside it, and there is nothing to vendor or update.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from html import escape

#: (key, label, colour) of each stacked segment; colours pass WCAG contrast against white text labels.
SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("on_time", "依限辦結", "#1b7f3b"),
    ("late", "逾期辦結", "#b35c00"),
    ("open", "辦理中", "#1f5fa8"),
    ("overdue", "逾期未結", "#b3261e"),
)


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, Mapping[str, int]]],
    width: int = 720,
    label: Callable[[str], str] = lambda text: text,
) -> str:
    """An accessible SVG: one bar per row, segments per SEGMENTS, a legend, values in <title>s.

    ``label`` puts the legend in the reader's language; row names are data (marked ``translate="no"``)."""
    label_w, bar_h, gap, top = 220, 22, 10, 40
    plot_w = width - label_w - 60
    biggest = max((sum(v.get(k, 0) for k, _, _ in SEGMENTS) for _, v in rows), default=0) or 1
    height = top + len(rows) * (bar_h + gap) + 40
    ident = "chart-" + hashlib.sha1(title.encode()).hexdigest()[:8]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}" '
        f'viewBox="0 0 {width} {height}" width="100%" class="chart">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]
    x: float = label_w
    names = {key: label(text) for key, text, _colour in SEGMENTS}
    for key, _text, colour in SEGMENTS:
        parts.append(f'<rect x="{x}" y="8" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 18}" y="20" font-size="13">{escape(names[key])}</text>')
        x += 18 + 8 * len(names[key]) + 12
    for i, (name, values) in enumerate(rows):
        y = top + i * (bar_h + gap)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 6}" font-size="13" text-anchor="end" translate="no">'
            f"{escape(name)}</text>"
        )
        x = float(label_w)
        total = 0
        for key, _text, colour in SEGMENTS:
            n = values.get(key, 0)
            total += n
            if n == 0:
                continue
            w = plot_w * n / biggest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                f'<title translate="no">{escape(name)} — {escape(names[key])} {n}</title></rect>'
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + bar_h - 6}" font-size="13">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)
