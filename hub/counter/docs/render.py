"""An administrative document as an A4 PDF: Noto Sans CJK TC, its number, and a QR code to its record."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import qrcode  # type: ignore[import-untyped]
from fpdf import FPDF

from hub.counter.calc.dates import format_roc
from hub.counter.docs.model import Content

QR_MM = 30.0
_FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)  # same content, same bytes: a re-print is the same document


@dataclass(frozen=True, slots=True)
class Font:
    path: str
    index: int = 0


@cache
def cjk_font(family: str = "Noto Sans CJK TC") -> Font:
    """The installed Traditional Chinese face (fonts-noto-cjk); RuntimeError when fontconfig has none."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", family], capture_output=True, text=True,
                             timeout=10, check=True).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuntimeError(f"cannot ask fontconfig for {family}: {exc}") from None
    path, _, index = out.rpartition(":")
    if "CJK" not in path:
        raise RuntimeError(f"{family} is not installed (Debian package fonts-noto-cjk)")
    return Font(path, int(index or 0))


@dataclass(frozen=True, slots=True)
class Header:
    number: str
    office_name: str
    issued_on: datetime
    issued_by: str
    qr: str


def render(content: Content, header: Header, font: Font | None = None) -> bytes:
    f = font or cjk_font()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_title(f"{content.title_zh} {header.number}")
    pdf.add_font("cjk", fname=f.path, collection_font_number=f.index)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    qr = io.BytesIO()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(header.qr)
    code.make_image(fill_color="black", back_color="white").get_image().convert("L").save(qr, format="PNG")
    pdf.image(qr, x=210 - 15 - QR_MM, y=12, w=QR_MM, h=QR_MM)
    pdf.set_font("cjk", size=12)
    pdf.set_xy(15, 14)
    pdf.cell(140, 7, header.office_name)
    pdf.set_font("cjk", size=22)
    pdf.set_xy(15, 23)
    pdf.cell(140, 11, content.title_zh)
    pdf.set_font("cjk", size=10)
    pdf.set_xy(15, 35)
    pdf.cell(140, 6, content.title_en)
    pdf.set_xy(15, 44)
    day = header.issued_on.date()
    pdf.cell(180, 6, f"字號 No.：{header.number}　　發文日期 Date：{format_roc(day)}（{day.isoformat()}）")
    y = 56.0
    pdf.set_font("cjk", size=11)
    for label, value in content.fields:
        pdf.set_xy(15, y)
        pdf.cell(55, 8, label, border=1)
        pdf.multi_cell(125, 8, value, border=1, new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y()
    pdf.set_y(y + 6)
    pdf.set_font("cjk", size=12)
    pdf.cell(180, 8, "主旨及說明 Details", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    for paragraph in content.paragraphs:
        pdf.multi_cell(180, 7, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
    for n, item in enumerate(content.items, start=1):
        pdf.multi_cell(180, 7, f"　{n}. {item}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("cjk", size=12)
    pdf.cell(180, 8, "法令依據 Legal basis", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    for line in content.legal_basis:
        pdf.multi_cell(180, 6, f"・{line}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", size=9)
    pdf.multi_cell(180, 5, f"承辦人 Issued by：{header.issued_by}　　掃描右上角 QR 碼可查本文件紀錄 Scan the QR code for this "
                   "document's record.", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    return bytes(pdf.output())
