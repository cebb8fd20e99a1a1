"""Test impressions of seals (印鑑) drawn with Pillow and the Noto CJK fonts: the same seal stamped with other
ink, angle, size, pressure and noise, and a different seal carved with the same characters (forgery-like).

A "seal" is a carving: characters, font, their positions and sizes, border. ``stamp`` presses one carving onto
paper the way a counter scan sees it. Everything is seeded, so the set is the same on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SANS_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
TC = 3  # face index of Traditional Chinese inside Debian's .ttc files


@dataclass(frozen=True)
class Carving:
    text: str  # four characters, read top-right, bottom-right, top-left, bottom-left (traditional order)
    font: str = SANS
    side: int = 236  # px at 300 dpi: a 2 cm seal
    border: int = 10
    glyph: float = 0.44  # character size as a share of the side
    offsets: tuple[tuple[int, int], ...] = ((0, 0), (0, 0), (0, 0), (0, 0))
    round_seal: bool = False

    def carve(self) -> Image.Image:
        """The seal face, black ink on white (``L``), before stamping."""
        img = Image.new("L", (self.side, self.side), 255)
        draw = ImageDraw.Draw(img)
        if self.round_seal:
            draw.ellipse((2, 2, self.side - 3, self.side - 3), outline=0, width=self.border)
        else:
            draw.rectangle((2, 2, self.side - 3, self.side - 3), outline=0, width=self.border)
        font = ImageFont.truetype(self.font, int(self.side * self.glyph), index=TC)
        half = self.side / 2
        cells = [
            (half * 1.5, half * 0.5),
            (half * 1.5, half * 1.5),
            (half * 0.5, half * 0.5),
            (half * 0.5, half * 1.5),
        ]
        for char, (cx, cy), (dx, dy) in zip(self.text, cells, self.offsets, strict=False):
            draw.text((cx + dx, cy + dy), char, font=font, fill=0, anchor="mm")
        return img


@dataclass(frozen=True)
class Press:
    """How one impression came out."""

    angle: float = 0.0
    scale: float = 1.0
    shift: tuple[int, int] = (0, 0)
    ink: tuple[int, int, int] = (200, 30, 40)  # red seal paste
    pressure: int = 0  # <0 light (thinner strokes), >0 heavy (thicker)
    noise: float = 0.0  # share of ink pixels lost + paper speckle
    blur: float = 0.6
    seed: int = 0


def stamp(carving: Carving, press: Press, paper: int = 400) -> Image.Image:
    """An RGB scan of one impression on a ``paper`` x ``paper`` piece of white paper."""
    rng = random.Random(press.seed)
    face = carving.carve()
    if press.pressure > 0:
        face = face.filter(ImageFilter.MinFilter(1 + 2 * press.pressure))
    elif press.pressure < 0:
        face = face.filter(ImageFilter.MaxFilter(1 + 2 * -press.pressure))
    side = int(face.width * press.scale)
    face = face.resize((side, side), Image.Resampling.BILINEAR)
    face = face.rotate(press.angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    mask = face.point(lambda v: 255 - v)
    if press.noise:
        pixels = mask.load()
        assert pixels is not None
        for _ in range(int(mask.width * mask.height * press.noise)):  # dry paste: ink missing in spots
            x, y = rng.randrange(mask.width), rng.randrange(mask.height)
            for ddx in range(3):
                for ddy in range(3):
                    if x + ddx < mask.width and y + ddy < mask.height:
                        pixels[x + ddx, y + ddy] = 0
    paper_img = Image.new("RGB", (paper, paper), (250, 248, 242))
    x = (paper - face.width) // 2 + press.shift[0]
    y = (paper - face.height) // 2 + press.shift[1]
    paper_img.paste(Image.new("RGB", face.size, press.ink), (x, y), mask)
    if press.noise:
        speckle = ImageDraw.Draw(paper_img)
        for _ in range(int(paper * press.noise * 20)):
            px, py = rng.randrange(paper), rng.randrange(paper)
            speckle.point((px, py), fill=(120, 120, 120))
    return paper_img.filter(ImageFilter.GaussianBlur(press.blur)) if press.blur else paper_img


def random_press(rng: random.Random) -> Press:
    inks = [(200, 30, 40), (170, 20, 30), (220, 70, 70), (150, 40, 60), (40, 40, 40)]
    return Press(
        angle=rng.uniform(-30, 30),
        scale=rng.uniform(0.9, 1.1),
        shift=(rng.randint(-40, 40), rng.randint(-40, 40)),
        ink=rng.choice(inks),
        pressure=rng.choice([-1, 0, 0, 1]),
        noise=rng.choice([0.0, 0.002, 0.005]),
        blur=rng.uniform(0.3, 1.2),
        seed=rng.randrange(1 << 30),
    )


def forgery(carving: Carving, rng: random.Random) -> Carving:
    """Another carving of the same characters: other positions, sizes, border or font, as a copyist makes."""
    choice = rng.randrange(4)
    offsets = tuple((rng.randint(-9, 9), rng.randint(-9, 9)) for _ in range(4))
    if choice == 0:
        return replace(carving, offsets=offsets)
    if choice == 1:
        return replace(
            carving,
            glyph=carving.glyph * rng.uniform(0.85, 0.93),
            border=carving.border + rng.choice([-4, 4]),
        )
    if choice == 2:
        return replace(carving, font=SERIF if carving.font != SERIF else SANS, offsets=offsets)
    return replace(carving, font=SANS_BOLD if carving.font != SANS_BOLD else SANS, glyph=carving.glyph * 0.95)


def subtle_forgery(carving: Carving, rng: random.Random) -> Carving:
    """A careful copy: the same font, size and border; one character sits 3-4 px off (about 0.3 mm)."""
    offsets = [(0, 0)] * 4
    offsets[rng.randrange(4)] = (rng.choice([-4, -3, 3, 4]), rng.choice([-4, -3, 3, 4]))
    return replace(carving, offsets=tuple(offsets))


NAMES = [
    "王大明印",
    "陳美玲印",
    "林志強印",
    "張淑芬印",
    "李建國印",
    "黃雅婷印",
    "吳俊傑印",
    "劉怡君印",
    "蔡宗翰印",
    "楊佩珊印",
]


def test_set(
    genuine_per_seal: int = 4, forgeries_per_seal: int = 4, seed: int = 16, subtle: bool = False
) -> list[tuple[str, Image.Image, Image.Image, bool]]:
    """(label, registered, presented, same seal?) pairs; the registered is a clean, upright impression."""
    rng = random.Random(seed)
    pairs = []
    for n, text in enumerate(NAMES):
        carving = Carving(text, round_seal=n % 3 == 2)
        registered = stamp(carving, Press(seed=n))
        for k in range(genuine_per_seal):
            pairs.append((f"{text} genuine {k}", registered, stamp(carving, random_press(rng)), True))
        for k in range(forgeries_per_seal):
            fake = subtle_forgery(carving, rng) if subtle else forgery(carving, rng)
            pairs.append((f"{text} forgery {k}", registered, stamp(fake, random_press(rng)), False))
    return pairs


def write(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    pairs = test_set()
    for i, (_label, registered, presented, same) in enumerate(pairs):
        registered.save(folder / f"{i:03d}_registered.png")
        presented.save(folder / f"{i:03d}_{'same' if same else 'other'}.png")
    return len(pairs)
