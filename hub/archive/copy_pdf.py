"""A certified copy (副本) as A4 PDF: every page image, 「副本」 across it, who issued it, where and when.

Printing at the counter is the counter's CUPS component's job (built separately); the page offers the PDF.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF

from hub.core.fonts import cjk_font

TAIPEI = ZoneInfo("Asia/Taipei")


def render(
    pages: list[bytes], *, copy_id: str, title: str, office_name: str, issuer: str, issued_at_ms: int
) -> bytes:
    font = cjk_font()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(datetime.fromtimestamp(issued_at_ms / 1000, UTC))
    pdf.set_title(f"副本 {title} {copy_id}")
    pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
    pdf.set_auto_page_break(False)
    when = datetime.fromtimestamp(issued_at_ms / 1000, TAIPEI).strftime("%Y-%m-%d %H:%M")
    for number, png in enumerate(pages, start=1):
        pdf.add_page()
        pdf.image(io.BytesIO(png), x=15, y=22, w=180, h=240, keep_aspect_ratio=True)
        with pdf.local_context(fill_opacity=0.25, text_color=(200, 0, 0)):
            pdf.set_font("cjk", size=110)
            with pdf.rotation(35, x=105, y=150):
                pdf.set_xy(35, 130)
                pdf.cell(140, 40, "副本", align="C")
        pdf.set_font("cjk", size=11)
        pdf.set_xy(15, 10)
        pdf.cell(0, 8, f"副本 Certified copy — {title}")
        pdf.set_font("cjk", size=8)
        pdf.set_xy(15, 270)
        pdf.multi_cell(
            180,
            4.5,
            f"本件為檔存戶籍登記申請書影像之副本，由{office_name}（承辦 {issuer}）於 {when} 核發。"
            f"副本編號 {copy_id}　第 {number} / {len(pages)} 頁\n"
            f"Copy of an archived application issued by {office_name}, {issuer}, {when}.",
        )
    return bytes(pdf.output())
