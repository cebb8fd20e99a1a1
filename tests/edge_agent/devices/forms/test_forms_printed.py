"""A4 forms checked as printed: poppler rasterises the PDF, zbar reads each page's case QR, the typed values
are found in their boxes (pdftotext -bbox) and drawn with the CJK font (pixels compared with PIL's rendering)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont
from pyzbar import pyzbar

from edge_agent.devices.forms.render import FieldSpec, FormTemplate, render_form
from edge_agent.devices.printer.layout import FontSpec

CASE = "K261121-7QX4M-Z3P9H"
DPI = 150
PT_PER_MM = 72 / 25.4
FORM = FormTemplate(
    code="HR-101",
    title="戶籍謄本申請書",
    pages=(
        (FieldSpec("name", "申請人姓名"), FieldSpec("phone", "聯絡電話")),
        (FieldSpec("reason", "申請事由", lines=3), FieldSpec("signature", "簽名或蓋章", lines=2)),
        (FieldSpec("address", "戶籍地址"),),
    ),
    notes="請於簽名欄親自簽名後，將本表放入掃描器交回。",
)
VALUES = {
    "name": "王小明",
    "phone": "0912-345-678",
    "reason": "護照申請用",
    "address": "臺北市信義區市府路1號",
}
WHERE = {"name": 1, "phone": 1, "reason": 2, "address": 3}  # page of each field


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, cjk_font: FontSpec) -> tuple[Path, list[Image.Image]]:
    """The filled form as PDF and its pages rasterised by pdftoppm at 150 dpi, greyscale."""
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.fail("pdftoppm/pdftotext missing (Debian poppler-utils): run scripts/setup")
    out = tmp_path_factory.mktemp("form")
    pdf = out / "form.pdf"
    pdf.write_bytes(render_form(FORM, VALUES, CASE, cjk_font))
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(out / "page")], check=True,
                   timeout=60)  # fmt: skip
    pages = [Image.open(p).convert("L") for p in sorted(out.glob("page-*.png"))]
    return pdf, pages


def words(pdf: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Words of one page with their boxes in PDF points (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=30).stdout  # fmt: skip
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', html
    )
    return [(unescape(w), (float(a), float(b), float(c), float(d))) for a, b, c, d, w in found]


def field_box_pt(page_fields: tuple[FieldSpec, ...], key: str) -> tuple[float, float, float, float]:
    """The value box of ``key`` as render_form draws it (x 60-195 mm, rows from y 48 mm), in points."""
    y = 48.0
    for spec in page_fields:
        height = 9.0 * spec.lines
        if spec.key == key:
            return 60 * PT_PER_MM, y * PT_PER_MM, 195 * PT_PER_MM, (y + height) * PT_PER_MM
        y += height + 4
    raise KeyError(key)


def ink(image: Image.Image) -> Image.Image:
    """Binarised ink (255 = ink) cropped to its bounding box."""
    mask = image.point(lambda v: 255 if v < 128 else 0)
    box = mask.getbbox()
    assert box is not None, "no ink at all"
    return mask.crop(box)


def difference(printed_ink: Image.Image, text: str, font: FontSpec) -> float:
    """Share of differing pixels between printed ink and ``text`` drawn by PIL with the same font and size."""
    size_px = round(11 / 72 * DPI)  # the form's values are set at 11 pt
    face = ImageFont.truetype(font.path, size_px, index=font.index)
    canvas = Image.new("L", (size_px * (len(text) + 2), size_px * 2), 255)
    ImageDraw.Draw(canvas).text((size_px // 2, size_px // 2), text, font=face, fill=0)
    expected = ink(canvas).resize(printed_ink.size)
    diff = ImageChops.difference(printed_ink, expected.point(lambda v: 255 if v >= 128 else 0))
    return sum(1 for v in diff.getdata() if v) / (diff.width * diff.height)


def test_every_page_carries_the_case_qr_readable_by_zbar(printed: tuple[Path, list[Image.Image]]) -> None:
    _, pages = printed
    assert len(pages) == 3 and pages[0].size == (1241, 1754)  # A4 at 150 dpi
    for number, image in enumerate(pages, start=1):
        symbols = pyzbar.decode(image)
        assert [s.data.decode() for s in symbols] == [f"ONESTOP:CASE:{CASE}"], f"page {number}"
        (symbol,) = symbols
        assert symbol.rect.left > image.width * 0.7 and symbol.rect.top < image.height * 0.1  # top right


def test_typed_values_sit_in_their_boxes_on_the_right_page(printed: tuple[Path, list[Image.Image]]) -> None:
    """GIVEN a form filled with four values over three pages WHEN the PDF is read back by pdftotext THEN
    each value (Traditional Chinese intact, 臺 not 台) is one word inside its own field's box, and the
    signature box, left for handwriting, holds no text."""
    pdf, _ = printed
    for key, value in VALUES.items():
        number = WHERE[key]
        x0, y0, x1, y1 = field_box_pt(FORM.pages[number - 1], key)
        hits = [box for word, box in words(pdf, number) if word == value]
        assert len(hits) == 1, f"{key}={value!r} not found once on page {number}"
        wx0, wy0, wx1, wy1 = hits[0]
        assert x0 < wx0 < wx1 < x1 and y0 < wy0 < wy1 < y1, f"{key} drawn outside its box"
    sx0, sy0, sx1, sy1 = field_box_pt(FORM.pages[1], "signature")
    assert not [w for w, (a, b, _, _) in words(pdf, 2) if sx0 < a < sx1 and sy0 < b < sy1]
    header = [w for w, _ in words(pdf, 1)]
    assert "戶籍謄本申請書" in header and f"No.：{CASE}" in header


def test_typed_values_are_drawn_with_the_cjk_font(
    printed: tuple[Path, list[Image.Image]], cjk_font: FontSpec
) -> None:
    """The printed pixels of each value match the value rendered by PIL with the same font (not tofu boxes,
    not another text): a wrong text of the same length differs clearly more."""
    pdf, pages = printed
    scale = DPI / 72
    for key, value in VALUES.items():
        number = WHERE[key]
        ((_, (x0, y0, x1, y1)),) = [hit for hit in words(pdf, number) if hit[0] == value]
        crop = pages[number - 1].crop((int(x0 * scale) - 2, int(y0 * scale) - 2, int(x1 * scale) + 2,
                                       int(y1 * scale) + 2))  # fmt: skip
        printed_ink = ink(crop)
        same = difference(printed_ink, value, cjk_font)
        other = difference(printed_ink, value[::-1] if key != "phone" else "0987-654-321", cjk_font)
        assert same < 0.2, f"{key}: {same:.2f} of the pixels differ from the font's rendering"
        assert other > same + 0.1, f"{key}: a different text matches as well ({other:.2f} vs {same:.2f})"
