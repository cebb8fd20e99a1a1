"""Code 39 barcode drawn as a 1-bit image (pure): the convenience-store slip segments."""

from __future__ import annotations

from PIL import Image, ImageDraw

# Nine elements per character, bar/space alternating starting with a bar; "1" = wide.
_PATTERNS = {
    "0": "000110100", "1": "100100001", "2": "001100001", "3": "101100000", "4": "000110001",
    "5": "100110000", "6": "001110000", "7": "000100101", "8": "100100100", "9": "001100100",
    "A": "100001001", "B": "001001001", "C": "101001000", "D": "000011001", "E": "100011000",
    "F": "001011000", "G": "000001101", "H": "100001100", "I": "001001100", "J": "000011100",
    "K": "100000011", "L": "001000011", "M": "101000010", "N": "000010011", "O": "100010010",
    "P": "001010010", "Q": "000000111", "R": "100000110", "S": "001000110", "T": "000010110",
    "U": "110000001", "V": "011000001", "W": "111000000", "X": "010010001", "Y": "110010000",
    "Z": "011010000", "-": "010000101", ".": "110000100", " ": "011000100", "$": "010101000",
    "/": "010100010", "+": "010001010", "%": "000101010", "*": "010010100",
}  # fmt: skip


def modules(text: str, narrow: int = 2, wide: int = 5) -> list[tuple[bool, int]]:
    """(is_bar, width in dots) runs for ``*text*``; ValueError for characters Code 39 cannot hold."""
    bad = sorted({c for c in text if c not in _PATTERNS or c == "*"})
    if bad:
        raise ValueError(f"Code 39 cannot encode {''.join(bad)!r}")
    runs: list[tuple[bool, int]] = []
    for i, char in enumerate(f"*{text}*"):
        if i:
            runs.append((False, narrow))  # inter-character gap
        for j, bit in enumerate(_PATTERNS[char]):
            runs.append((j % 2 == 0, wide if bit == "1" else narrow))
    return runs


def width(text: str, narrow: int = 2, wide: int = 5) -> int:
    return sum(w for _, w in modules(text, narrow, wide))


def render(text: str, height: int = 80, narrow: int = 2, wide: int = 5, quiet: int = 20) -> Image.Image:
    """The barcode with quiet zones; white background ("1" mode)."""
    runs = modules(text, narrow, wide)
    total = sum(w for _, w in runs) + 2 * quiet
    image = Image.new("1", (total, height), 1)
    draw = ImageDraw.Draw(image)
    x = quiet
    for is_bar, w in runs:
        if is_bar:
            draw.rectangle((x, 0, x + w - 1, height - 1), fill=0)
        x += w
    return image
