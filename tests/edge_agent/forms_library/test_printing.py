"""An uploaded PDF version printed from the library: every page redrawn with the version and the form QR in
the top margin (poppler draws the result, zbar reads the QR back)."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

from fpdf import FPDF
from PIL import Image
from pyzbar import pyzbar

from edge_agent.devices.factories import find_cjk_font
from edge_agent.forms_library.printing import library_pdf
from wire.payloads.forms import LibraryEntry
from wire.printed import form_from_qr


def test_an_uploaded_pdf_prints_with_its_version_and_qr_on_every_page(tmp_path: Path) -> None:
    source = FPDF(format="A4")
    for n in (1, 2):
        source.add_page()
        source.set_font("helvetica", size=24)
        source.set_xy(20, 80)
        source.cell(120, 12, f"uploaded form page {n}")
    data = bytes(source.output())
    entry = LibraryEntry(code="HR-NAME-01", category="NAME", title="改名申請書", version=7, effective="2026-03-01",
                         kind="pdf", sha256=hashlib.sha256(data).hexdigest(), size=len(data))  # fmt: skip
    out = tmp_path / "printed.pdf"
    out.write_bytes(library_pdf(entry, data, find_cjk_font()))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-gray", "-png", str(out), str(tmp_path / "p")], check=True, timeout=60
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    for page in pages:
        codes = [form_from_qr(c.data.decode()) for c in pyzbar.decode(Image.open(page))]
        assert [(q.code, q.version, q.sha8) for q in codes if q] == [("HR-NAME-01", 7, entry.sha256[:8])]
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                             check=True).stdout)  # fmt: skip
    assert (
        text.count("表單HR-NAME-01") == 2
        and text.count("第7版") == 2
        and "2026-03-01起適用" in text
        and "第2/2頁" in text
    )
