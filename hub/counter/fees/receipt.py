"""A fee receipt as an A5 PDF on blank paper (seed 002:2337): office, number, items, total in figures and in
capital numerals, cashier, ROC date, and a QR code to the receipt's record; a re-print says 「副本 COPY」."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import qrcode  # type: ignore[import-untyped]
from fpdf import FPDF

from hub.counter.calc.dates import format_roc
from hub.counter.docs.render import Font, cjk_font
from hub.counter.fees.core import METHODS, Line
from hub.counter.fees.numerals import capital_amount

_FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)  # the same receipt renders to the same bytes
WIDTH = 148.0  # A5 portrait, mm
MARGIN = 10.0


@dataclass(frozen=True, slots=True)
class ReceiptHeader:
    number: str
    office_name: str
    day: date
    cashier_name: str
    method: str
    payer: str
    case_no: str | None
    qr: str


def start_pdf(page: str, title: str, margin: float, font: Font | None = None) -> FPDF:
    """A fee document's first page: the CJK face as ``cjk``, fixed creation date (same input, same bytes)."""
    f = font or cjk_font()
    pdf = FPDF(format=page, unit="mm")
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_title(title)
    pdf.add_font("cjk", fname=f.path, collection_font_number=f.index)
    pdf.set_auto_page_break(True, margin=margin + 2)
    pdf.set_margins(margin, margin, margin)
    pdf.add_page()
    return pdf


def render_receipt(
    header: ReceiptHeader, lines: tuple[Line, ...], copy: bool = False, font: Font | None = None
) -> bytes:
    pdf = start_pdf("A5", f"規費收據 {header.number}{' 副本' if copy else ''}", MARGIN, font)
    qr = io.BytesIO()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(header.qr)
    code.make_image(fill_color="black", back_color="white").get_image().convert("L").save(qr, format="PNG")
    pdf.image(qr, x=WIDTH - MARGIN - 26, y=MARGIN, w=26, h=26)
    pdf.set_font("cjk", size=11)
    pdf.set_xy(MARGIN, MARGIN + 1)
    pdf.cell(95, 6, header.office_name)
    pdf.set_font("cjk", size=18)
    pdf.set_xy(MARGIN, MARGIN + 8)
    pdf.cell(95, 9, "規費收據" + ("（副本）" if copy else ""))
    pdf.set_font("cjk", size=9)
    pdf.set_xy(MARGIN, MARGIN + 17)
    pdf.cell(95, 5, "Household registration fee receipt" + (" — COPY" if copy else ""))
    pdf.set_font("cjk", size=10)
    pdf.set_xy(MARGIN, MARGIN + 28)
    pdf.cell(128, 6, f"收據號碼 No.：{header.number}")
    pdf.set_xy(MARGIN, MARGIN + 34)
    pdf.cell(128, 6, f"日期 Date：{format_roc(header.day)}（{header.day.isoformat()}）")
    pdf.set_xy(MARGIN, MARGIN + 40)
    payer = f"繳款人 Payer：{header.payer or '—'}"
    if header.case_no:
        payer += f"　案件 Case：{header.case_no}"
    pdf.cell(128, 6, payer)
    y = MARGIN + 49
    widths = (62.0, 20.0, 18.0, 28.0)
    pdf.set_font("cjk", size=9)
    for x_text, w in zip(("項目 Item", "單價 Unit", "數量 Qty", "金額 Amount"), widths, strict=True):
        pdf.set_xy(MARGIN + sum(widths[: widths.index(w)]), y)
        pdf.cell(w, 7, x_text, border=1, align="C")
    y += 7
    pdf.set_font("cjk", size=10)
    for line in lines:
        cells = (line.name, f"{line.unit_amount:,}", f"{line.quantity} {line.unit}", f"{line.amount:,}")
        x = MARGIN
        for text, w, align in zip(cells, widths, ("L", "R", "R", "R"), strict=True):
            pdf.set_xy(x, y)
            pdf.cell(w, 7, text, border=1, align=align)
            x += w
        y += 7
    total = sum(line.amount for line in lines)
    pdf.set_font("cjk", size=12)
    pdf.set_xy(MARGIN, y + 3)
    pdf.cell(128, 8, f"合計 Total：新臺幣 NT$ {total:,} 元")
    pdf.set_xy(MARGIN, y + 11)
    pdf.cell(128, 8, f"大寫：新臺幣{capital_amount(total)}")
    pdf.set_font("cjk", size=10)
    pdf.set_xy(MARGIN, y + 21)
    zh, en = METHODS[header.method]
    pdf.cell(128, 6, f"收款方式 Paid by：{zh} {en}　　經收人 Cashier：{header.cashier_name}")
    pdf.set_font("cjk", size=8)
    pdf.set_xy(MARGIN, y + 29)
    pdf.multi_cell(128, 4.5, "本收據以空白 A5 紙列印，掃描右上角 QR 碼可查驗本收據紀錄。"
                   "Printed on blank A5 paper; scan the QR code to check this receipt's record.")  # fmt: skip
    if copy:
        pdf.set_font("cjk", size=40)
        pdf.set_text_color(200, 200, 200)
        with pdf.rotation(30, WIDTH / 2, 110):
            pdf.set_xy(20, 100)
            pdf.cell(108, 20, "副本 COPY", align="C")
    return bytes(pdf.output())
