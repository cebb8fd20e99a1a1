"""A library form as the PDF that goes to the A4 queue: a template rendered blank with its version and the
form QR on every page; an uploaded PDF re-drawn page by page (pdftoppm, 150 dpi) with the same stamp in the
top margin, so every printed form says which version it is."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from edge_agent.devices.forms.render import FieldSpec, FormError, FormTemplate, qr_image, render_form
from edge_agent.devices.printer.layout import FontSpec
from wire.payloads.forms import LibraryEntry
from wire.printed import form_qr_content

_FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)
STAMP_QR_MM = 18.0


def library_pdf(entry: LibraryEntry, data: bytes, font: FontSpec) -> bytes:
    """The printable PDF of a cached version; FormError if the cached file cannot be printed."""
    qr = form_qr_content(entry.code, entry.version, entry.sha256)
    if entry.kind == "template":
        doc = json.loads(data)
        pages = tuple(
            tuple(FieldSpec(f["key"], f["label"], f["lines"]) for f in page) for page in doc["pages"]
        )
        template = FormTemplate(entry.code, entry.title, pages, doc.get("notes", ""))
        return render_form(template, {}, "", font, version=entry.version, qr_text=qr)
    return _stamped_pdf(entry, data, font, qr)


def _stamped_pdf(entry: LibraryEntry, data: bytes, font: FontSpec, qr: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "form.pdf"
        src.write_bytes(data)
        done = subprocess.run(["pdftoppm", "-png", "-r", "150", str(src), str(Path(tmp) / "p")],
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        images = sorted(Path(tmp).glob("p*.png"))
        if done.returncode != 0 or not images:
            raise FormError(
                f"form {entry.code} version {entry.version}: the PDF cannot be drawn: {done.stderr[:200]}"
            )
        pdf = FPDF(format="A4", unit="mm")
        pdf.set_creation_date(_FIXED_DATE)
        pdf.set_title(f"{entry.title} v{entry.version}")
        pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
        pdf.set_auto_page_break(False)
        qr_png = io.BytesIO()
        qr_image("", qr).save(qr_png, format="PNG")
        for number, image in enumerate(images, start=1):
            pdf.add_page()
            pdf.image(str(image), x=0, y=0, w=210, h=297)
            pdf.set_fill_color(255, 255, 255)
            pdf.rect(210 - 8 - STAMP_QR_MM - 62, 3, 62 + STAMP_QR_MM + 4, STAMP_QR_MM + 2, style="F")
            pdf.image(qr_png, x=210 - 6 - STAMP_QR_MM, y=4, w=STAMP_QR_MM, h=STAMP_QR_MM)
            pdf.set_font("cjk", size=9)
            pdf.set_xy(210 - 8 - STAMP_QR_MM - 60, 8)
            pdf.cell(58, 5, f"表單 {entry.code}　第 {entry.version} 版", align="R")
            pdf.set_xy(210 - 8 - STAMP_QR_MM - 60, 13)
            pdf.cell(58, 5, f"{entry.effective} 起適用　第 {number} / {len(images)} 頁", align="R")
        return bytes(pdf.output())
