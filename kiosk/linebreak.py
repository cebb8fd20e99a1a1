"""Line breaking for Chinese text (pure): Kivy breaks a run without spaces at any character, which can put
a full-width comma or closing bracket at the start of a line; this breaks lines the way Chinese type does."""

from __future__ import annotations

from collections.abc import Callable

# May not begin a line (closing punctuation) / may not end one (opening brackets).
NO_LINE_START = frozenset("，。、：；？！）」』】》〉…‧・,.:;?!)]}%")
NO_LINE_END = frozenset("（「『【《〈([{")


def has_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


QUOTED_MAX = 8  # a short 「quoted」 name (a button's label) is kept on one line


def tokens(line: str) -> list[str]:
    """Unbreakable pieces: a Latin word or number with its trailing spaces, one CJK character, or a short
    「quoted」 name with its brackets (the citizen looks for that exact text on a button)."""
    out: list[str] = []
    word = ""
    skip = 0
    for i, ch in enumerate(line):
        if skip:
            skip -= 1
            continue
        end = line.find("」", i) if ch == "「" else -1
        if 0 < end - i <= QUOTED_MAX + 1:
            if word:
                out.append(word)
                word = ""
            out.append(line[i : end + 1])
            skip = end - i
        elif ch == " ":
            out.append(word + ch)
            word = ""
        elif ch.isascii():
            word += ch
        else:
            if word:
                out.append(word)
                word = ""
            out.append(ch)
    if word:
        out.append(word)
    return out


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> str:
    """``text`` with a newline wherever a line must end to fit ``width`` (as ``measure`` sees it), never
    before closing punctuation nor after an opening bracket; existing newlines are kept. A single piece
    wider than ``width`` (a long code) is left for the renderer to split."""
    if width <= 0:
        raise ValueError(f"width must be positive, not {width}")
    return "\n".join(_paragraph(p, width, measure) for p in text.split("\n"))


def _paragraph(text: str, width: float, measure: Callable[[str], float]) -> str:
    lines: list[str] = []
    line: list[str] = []
    for piece in tokens(text):
        if line and measure("".join(line) + piece.rstrip()) > width:
            carried: list[str] = []
            while len(line) > 1 and (
                (carried or [piece])[0][0] in NO_LINE_START or line[-1].rstrip()[-1:] in NO_LINE_END
            ):
                carried.insert(0, line.pop())
            if (carried or [piece])[0][0] in NO_LINE_START:  # nothing left to carry: let it hang
                line += [*carried, piece]
                continue
            lines.append("".join(line).rstrip())
            line = carried
        line.append(piece)
    lines.append("".join(line).rstrip())
    core = [t for t in line if t[0] not in NO_LINE_START]  # punctuation does not keep a character company
    if len(lines) > 1 and len(core) == 1 and len(lines[-2]) > 2 and not core[0].isascii():
        # a lone character on the last line (「輸/入」) reads as a stray mark: take one more along
        before = tokens(lines[-2])
        if len(before) > 1 and before[-1][0] not in NO_LINE_START:
            lines[-2:] = ["".join(before[:-1]).rstrip(), before[-1] + lines[-1]]
    return "\n".join(lines)
