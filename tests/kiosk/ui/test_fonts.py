"""Kivy draws the kiosk's text with the Traditional Chinese face of Noto Sans CJK, not the collection's
Japanese face 0: glyphs rendered by Kivy's text provider are compared with Pillow's rendering of each face."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from kiosk.fonts import TC_FAMILY, face_index, find_cjk_font
from tests.environment import unavailable

SIZE = 96
# Characters whose TC and JP shapes differ in Noto Sans CJK (checked by test_the_faces_really_differ).
CHARS = "直令骨述返"


def _normalised(image: Image.Image) -> Image.Image:
    """The inked part of a grey glyph image, scaled to 64×64 so placement and bearings do not count."""
    box = image.getbbox()
    assert box is not None, "nothing was drawn"
    return image.crop(box).resize((64, 64), Image.Resampling.BILINEAR)


def pillow_glyph(ch: str, index: int, style: str = "Regular") -> Image.Image:
    collection = find_cjk_font(style)
    assert collection is not None
    font = ImageFont.truetype(str(collection), SIZE, index=index)
    image = Image.new("L", (SIZE * 2, SIZE * 2), 0)
    ImageDraw.Draw(image).text((SIZE // 2, SIZE // 2), ch, font=font, fill=255)
    return _normalised(image)


def kivy_glyph(ch: str, font_name: str, bold: bool = False) -> Image.Image:
    """``ch`` rendered by Kivy's core text provider (what every Label uses), as a grey coverage image."""
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text=ch, font_name=font_name, font_size=SIZE, bold=bold)
    captured: list[Any] = []
    render_end = label._render_end

    def keep() -> Any:  # the provider's pixels, before they go to a GL texture
        captured.append(render_end())
        return captured[-1]

    label._render_end = keep
    label.refresh()  # layout; the texture is filled lazily, so render the pixels now
    label.render(real=True)
    image_data = captured[-1]
    rgba = Image.frombytes("RGBA", (image_data.width, image_data.height), bytes(image_data.data))
    return _normalised(rgba.getchannel("A"))


def distance(a: Image.Image, b: Image.Image) -> float:
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def tc_and_jp() -> tuple[int, int]:
    collection = find_cjk_font("Regular")
    if collection is None:
        unavailable("fonts-noto-cjk is not installed")
    return face_index(collection, TC_FAMILY), face_index(collection, "Noto Sans CJK JP")


@pytest.mark.parametrize("ch", CHARS)
def test_the_faces_really_differ(ch: str) -> None:
    """The comparison below can fail: the TC and JP faces draw these characters differently."""
    tc, jp = tc_and_jp()
    assert distance(pillow_glyph(ch, tc), pillow_glyph(ch, jp)) > 8


@pytest.mark.parametrize("bold", [False, True])
def test_kivy_draws_the_traditional_chinese_face(kiosk: Any, bold: bool) -> None:
    """GIVEN the kiosk's registered font WHEN Kivy renders 直令骨述返 THEN each glyph matches Pillow's
    rendering of the collection's TC face and is clearly unlike the JP face (face 0)."""
    tc, jp = tc_and_jp()
    style = "Bold" if bold else "Regular"
    assert kiosk.app.font == "KioskSans"
    for ch in CHARS:
        drawn = kivy_glyph(ch, kiosk.app.font, bold=bold)
        to_tc = distance(drawn, pillow_glyph(ch, tc, style))
        to_jp = distance(drawn, pillow_glyph(ch, jp, style))
        assert to_tc < 4 and to_jp > 2 * to_tc + 4, (ch, style, to_tc, to_jp)
