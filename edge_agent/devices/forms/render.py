"""Render an A4 form to PDF with fpdf2 and the CJK font: typed fields filled in, blanks left for handwriting,
the case number as text and QR code at the top of every page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import qrcode  # type: ignore[import-untyped]
from fpdf import FPDF
from PIL import Image

from edge_agent.devices.printer.layout import FontSpec
from wire.printed import case_qr_content

QR_MM = 28.0
_FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)  # same input, same bytes (tests, dedupe)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    lines: int = 1  # height of the box in lines; a field left empty is a box to write in by hand


@dataclass(frozen=True, slots=True)
class FormTemplate:
    """A form of the hub's catalogue: its code, title and fields, page by page."""

    code: str
    title: str
    pages: tuple[tuple[FieldSpec, ...], ...]
    notes: str = ""


class FormError(ValueError):
    """Form data that cannot be printed; names the field."""


def qr_image(case_no: str, text: str | None = None) -> Image.Image:
    """The case QR (or ``text``) exactly as it is placed on every page (tests decode this same image)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text if text is not None else case_qr_content(case_no))
    image: Image.Image = code.make_image(fill_color="black", back_color="white").get_image().convert("L")
    return image


def render_form(
    template: FormTemplate,
    values: dict[str, str],
    case_no: str,
    font: FontSpec,
    *,
    version: int | None = None,
    qr_text: str | None = None,
) -> bytes:
    """The filled form as PDF bytes; FormError for a value whose field the form does not have. ``version``
    (the forms library's) is printed on every page; ``qr_text`` replaces the case QR (a blank library form
    carries ``wire.printed.form_qr_content``), and with it ``case_no`` may be empty."""
    known = {f.key for page in template.pages for f in page}
    unknown = sorted(set(values) - known)
    if unknown:
        raise FormError(f"form {template.code} has no field {', '.join(unknown)}")
    for key, value in values.items():
        if len(value) > 200:
            raise FormError(f"field {key} is longer than 200 characters")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_title(f"{template.title} {case_no}".strip())
    pdf.add_font("cjk", fname=font.path, collection_font_number=font.index)
    pdf.set_auto_page_break(False)
    qr_png = io.BytesIO()
    qr_image(case_no, qr_text).save(qr_png, format="PNG")
    edition = f"　第 {version} 版" if version is not None else ""
    total = len(template.pages)
    for number, fields in enumerate(template.pages, start=1):
        pdf.add_page()
        pdf.image(qr_png, x=210 - 15 - QR_MM, y=12, w=QR_MM, h=QR_MM)
        pdf.set_font("cjk", size=18)
        pdf.set_xy(15, 15)
        pdf.cell(150, 10, template.title)
        pdf.set_font("cjk", size=10)
        pdf.set_xy(15, 27)
        case = f"案件編號 Case No.：{case_no}　　" if case_no else ""
        pdf.cell(150, 6, f"{case}表單 {template.code}{edition}　　第 {number} / {total} 頁")
        y = 48.0
        for spec in fields:
            height = 9.0 * spec.lines
            pdf.set_font("cjk", size=11)
            pdf.set_xy(15, y)
            pdf.cell(45, 9, spec.label)
            pdf.rect(60, y, 135, height)
            value = values.get(spec.key, "")
            if value:
                pdf.set_xy(62, y)
                pdf.multi_cell(131, 9, value)
            y += height + 4
            if y > 270:
                raise FormError(f"page {number} of form {template.code} has more fields than fit on A4")
        if template.notes and number == total:
            pdf.set_font("cjk", size=9)
            pdf.set_xy(15, 275)
            pdf.multi_cell(180, 5, template.notes)
    return bytes(pdf.output())
