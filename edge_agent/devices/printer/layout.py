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
from wire.printed import (
    ROC_OFFSET,
    case_qr_content,
    fine_qr_content,
    qr_content,
    query_qr_content,
    slip_codes,
)

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


@dataclass(frozen=True, slots=True)
class FineSlip:
    """罰鍰繳納憑證 with its store slip (seed 004:1823-1835): one fine per slip; the ID's last 4 already ``*``."""

    payer_masked: str
    payer_name: str
    fine_no: str
    issued_on: date
    agency: str
    decision_no: str
    rule: str
    amount: int
    due: date
    payment_no: str
    item_code: str


Document = Receipt | CaseReceipt | PaymentSlip | FineSlip

#: The receipt's notes, as seed 004:1835 words them (the store fee is the collector's).
FINE_NOTES = (
    "1. 於超商受理完成後，請將此繳款憑證連同繳款收據取回並核對金額等資料，並請保存半年，以備查詢。",
    "2. 為維護您的權益，此繳款憑證，身分證統一編號後 4 碼以“*”代替以資保密。",
    "3. 繳納金額 2 萬元以下之案件，於繳款期限內，得至統一便利商店查詢繳納，惟應自行負擔手續費。",
    "4. 超過 2 萬元請就近至代收稅款之金融機構或利用自動櫃員機等方式繳納。",
)


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
        # with the password printed, the QR carries it too: a kiosk's scanner fills both fields of a query
        code = (
            query_qr_content(doc.case_no, doc.query_password)
            if doc.query_password
            else case_qr_content(doc.case_no)
        )
        out += [Space(), Qr(code), Rule()]
        out.append(Text("請妥善保存本憑單，憑案件編號及查詢密碼可上網或電洽1999查詢進度。", 20))
        return out
    if isinstance(doc, FineSlip):
        return fine_blocks(doc)
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


def fine_blocks(doc: FineSlip) -> list[Block]:
    """The fine receipt's fields in the seed's order, then the three barcodes and the QR of its store slip."""
    codes = slip_codes(due=doc.due, item_code=doc.item_code, payment_no=doc.payment_no, amount=doc.amount)
    out: list[Block] = [Text("罰 鍰 繳 納 憑 證", 36, Align.CENTER), Rule()]
    out += [
        Text(f"身分證統一編號：{doc.payer_masked}"),
        Text(f"名稱：{doc.payer_name}"),
        Text(f"罰單編號：{doc.fine_no}", 28),
        Text(f"開立日期：{roc_date(doc.issued_on)}"),
        Text(f"開罰單位：{doc.agency}"),
        Text(f"處分書號：{doc.decision_no}"),
        Text(f"違反法規：{doc.rule}"),
        Text(f"罰單金額：新臺幣 {doc.amount:,} 元", 28),
        Text(f"繳費期限：{roc_date(doc.due)}"),
        Text("繳款日期：民國　　年　　月　　日"),
        Rule(),
    ]
    for segment in codes.segments:
        out += [Barcode(segment), Text(segment, 20, Align.CENTER), Space(8)]
    out += [
        Qr(fine_qr_content(fine_no=doc.fine_no, payment_no=doc.payment_no, amount=doc.amount, due=doc.due))
    ]
    out += [Rule(), Text("注意事項", 22), *(Text(note, 20) for note in FINE_NOTES)]
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
