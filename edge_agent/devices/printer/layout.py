"""Receipt layout (pure): documents to blocks, blocks to one 1-bit image with a CJK font.

Traditional Chinese is rendered to pixels here (python-escpos's text path assumes GB18030), so what the
printer receives is raster only and the same image can be decoded by zbar in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

import qrcode  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from edge_agent.devices.printer import code39
from wire.printed import ROC_OFFSET, case_qr_content, qr_content, slip_codes

#: 80 mm paper at 203 dpi.
PAPER_WIDTH = 576


@dataclass(frozen=True, slots=True)
class FontSpec:
    """A font file and the face index inside a .ttc collection (Noto Sans CJK TC is index 3 in Debian)."""

    path: str
    index: int = 0


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    size: int = 24
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class Barcode:
    value: str
    height: int = 80


@dataclass(frozen=True, slots=True)
class Qr:
    text: str
    box: int = 5  # dots per QR module


@dataclass(frozen=True, slots=True)
class Space:
    dots: int = 12


@dataclass(frozen=True, slots=True)
class Rule:
    pass


Block = Text | Barcode | Qr | Space | Rule


@dataclass(frozen=True, slots=True)
class Receipt:
    """A plain receipt: title, label/value lines, optional QR and footer."""

    title: str
    lines: tuple[tuple[str, str], ...]
    qr: str | None = None
    footer: str = ""


@dataclass(frozen=True, slots=True)
class CaseReceipt:
    """受理憑單: proof the case was filed, with its number and the password to query its progress."""

    org: str
    service: str
    case_no: str
    filed_on: date
    query_password: str | None = None
    due_on: date | None = None


@dataclass(frozen=True, slots=True)
class PaymentSlip:
    """A convenience-store payment slip; the barcodes are computed here from the same fields as the hub's."""

    org: str
    service: str
    case_no: str
    payment_no: str
    amount: int
    due: date
    item_code: str


Document = Receipt | CaseReceipt | PaymentSlip


def roc_date(day: date) -> str:
    return f"民國{day.year - ROC_OFFSET}年{day.month}月{day.day}日"


def blocks_for(doc: Document) -> list[Block]:
    """The layout of a document; SlipCodeError (from the codes) for slip data a store cannot collect."""
    if isinstance(doc, Receipt):
        out: list[Block] = [Text(doc.title, 32, Align.CENTER), Rule()]
        out += [Text(f"{label}：{value}") for label, value in doc.lines]
        if doc.qr:
            out += [Space(), Qr(doc.qr)]
        if doc.footer:
            out += [Rule(), Text(doc.footer, 20)]
        return out
    if isinstance(doc, CaseReceipt):
        out = [Text(doc.org, 28, Align.CENTER), Text("受理憑單", 36, Align.CENTER), Rule()]
        out += [Text(f"申辦項目：{doc.service}"), Text(f"案件編號：{doc.case_no}", 28)]
        out.append(Text(f"受理日期：{roc_date(doc.filed_on)}"))
        if doc.due_on:
            out.append(Text(f"預定完成：{roc_date(doc.due_on)}"))
        if doc.query_password:
            out.append(Text(f"查詢密碼：{doc.query_password}"))
        out += [Space(), Qr(case_qr_content(doc.case_no)), Rule()]
        out.append(Text("請妥善保存本憑單，憑案件編號及查詢密碼可上網或電洽1999查詢進度。", 20))
        return out
    codes = slip_codes(due=doc.due, item_code=doc.item_code, payment_no=doc.payment_no, amount=doc.amount)
    out = [Text(doc.org, 28, Align.CENTER), Text("超商代收繳費單", 36, Align.CENTER), Rule()]
    out += [
        Text(f"繳費項目：{doc.service}"),
        Text(f"案件編號：{doc.case_no}"),
        Text(f"繳費編號：{doc.payment_no}"),
        Text(f"應繳金額：新臺幣 {doc.amount:,} 元", 28),
        Text(f"繳費期限：{roc_date(doc.due)}"),
        Rule(),
    ]
    for segment in codes.segments:
        out += [Barcode(segment), Text(segment, 20, Align.CENTER), Space(8)]
    out += [
        Qr(qr_content(case_no=doc.case_no, payment_no=doc.payment_no, amount=doc.amount, due=doc.due)),
        Rule(),
        Text("請於繳費期限內持本單至便利商店繳費；每張繳費單上限新臺幣2萬元。", 20),
    ]
    return out


@lru_cache(maxsize=32)
def _face(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    """Loading a 20 MB .ttc costs tens of milliseconds: keep each size once."""
    return ImageFont.truetype(path, size, index=index)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for char in text:
        if font.getlength(current + char) > width and current:
            lines.append(current)
            current = char
        else:
            current += char
    return [*lines, current] if current else lines or [""]


def render(blocks: list[Block], font: FontSpec, width: int = PAPER_WIDTH, margin: int = 8) -> Image.Image:
    """Draw the blocks top to bottom on one white 1-bit image ``width`` dots wide."""
    parts: list[Image.Image] = []
    inner = width - 2 * margin
    for block in blocks:
        if isinstance(block, Text):
            face = _face(font.path, font.index, block.size)
            ascent, descent = face.getmetrics()
            for line in _wrap(block.text, face, inner):
                img = Image.new("1", (width, ascent + descent + 4), 1)
                x = margin if block.align is Align.LEFT else (width - int(face.getlength(line))) // 2
                ImageDraw.Draw(img).text((x, 2), line, font=face, fill=0)
                parts.append(img)
        elif isinstance(block, Barcode):
            bar = code39.render(block.value, block.height)
            img = Image.new("1", (width, bar.height), 1)
            img.paste(bar, ((width - bar.width) // 2, 0))
            parts.append(img)
        elif isinstance(block, Qr):
            code = qrcode.QRCode(
                error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=block.box, border=4
            )
            code.add_data(block.text)
            qr_img = code.make_image(fill_color="black", back_color="white").get_image().convert("1")
            img = Image.new("1", (width, qr_img.height), 1)
            img.paste(qr_img, ((width - qr_img.width) // 2, 0))
            parts.append(img)
        elif isinstance(block, Space):
            parts.append(Image.new("1", (width, block.dots), 1))
        else:
            img = Image.new("1", (width, 9), 1)
            ImageDraw.Draw(img).line((margin, 4, width - margin, 4), fill=0, width=2)
            parts.append(img)
    out = Image.new("1", (width, sum(p.height for p in parts) or 1), 1)
    y = 0
    for part in parts:
        out.paste(part, (0, y))
        y += part.height
    return out
