"""A4 forms: filled fields, the case QR on every page (decoded by zbar), directory and CUPS queues."""

from __future__ import annotations

import re
import stat
import zlib
from pathlib import Path

import pytest
from pyzbar import pyzbar

from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.devices.forms.queue import CupsQueue, DirectoryQueue
from edge_agent.devices.forms.render import FieldSpec, FormError, FormTemplate, qr_image, render_form
from edge_agent.devices.forms.service import FormPrinter
from edge_agent.devices.printer.layout import FontSpec
from wire import Payload
from wire.agent_api import PrintFormBody
from wire.payloads.documents import PrintJob, PrintKind

CASE = "K261121-7QX4M-Z3P9H"
FORM = FormTemplate(
    code="HR-101",
    title="戶籍謄本申請書",
    pages=(
        (FieldSpec("name", "申請人姓名"), FieldSpec("phone", "聯絡電話"), FieldSpec("copies", "份數")),
        (FieldSpec("reason", "申請事由", lines=3), FieldSpec("signature", "簽名或蓋章", lines=2)),
    ),
    notes="請於簽名欄親自簽名後，將本表放入掃描器交回。",
)


def test_case_qr_on_the_pages_decodes_to_the_case() -> None:
    (symbol,) = pyzbar.decode(qr_image(CASE))
    assert symbol.data.decode() == f"ONESTOP:CASE:{CASE}"


def page_contents(pdf: bytes) -> list[bytes]:
    """The decompressed streams that draw something (page content streams)."""
    out = []
    for raw in re.findall(rb"stream\n(.*?)\nendstream", pdf, re.S):
        try:
            text = zlib.decompress(raw)
        except zlib.error:
            continue
        if b" re" in text or b"Tj" in text:
            out.append(text)
    return out


def test_form_renders_every_page_with_its_qr(cjk_font: FontSpec) -> None:
    pdf = render_form(FORM, {"name": "王小明", "copies": "2"}, CASE, cjk_font)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 2
    drawn = [len(re.findall(rb"/I\d+ Do\b", c)) for c in page_contents(pdf)]
    assert drawn == [1, 1]  # the QR image is drawn once on each page
    assert b"NotoSansCJK" in pdf  # the CJK font is embedded
    assert pdf == render_form(FORM, {"name": "王小明", "copies": "2"}, CASE, cjk_font)  # deterministic


def test_unknown_field_is_refused(cjk_font: FontSpec) -> None:
    with pytest.raises(FormError, match="no field nickname"):
        render_form(FORM, {"nickname": "x"}, CASE, cjk_font)


def body(job: str = "1" * 32) -> PrintFormBody:
    return PrintFormBody.model_validate({
        "job": job, "case_no": CASE, "values": {"name": "王小明"},
        "form": {"code": FORM.code, "title": FORM.title, "notes": FORM.notes,
                 "pages": [[{"key": f.key, "label": f.label, "lines": f.lines} for f in p] for p in FORM.pages]},
    })  # fmt: skip


def test_directory_queue_gets_one_file_per_job_and_an_audit(tmp_path: Path, cjk_font: FontSpec) -> None:
    events: list[Payload] = []
    printer = FormPrinter(DirectoryQueue(tmp_path / "queue"), cjk_font, emit=events.append)
    printer.print_form(body())
    printer.print_form(body())  # the kiosk retried
    assert [p.name for p in (tmp_path / "queue").iterdir()] == ["1" * 32 + ".pdf"]
    assert (tmp_path / "queue" / ("1" * 32 + ".pdf")).read_bytes().startswith(b"%PDF-")
    assert isinstance(events[0], PrintJob) and events[0].kind is PrintKind.FORM and events[0].pages == 2


def test_cups_queue_runs_lp_and_reports_refusal(tmp_path: Path, cjk_font: FontSpec) -> None:
    """``lp`` is replaced by a script that records its arguments (no CUPS server in CI); a failing one
    makes the queue unavailable with lp's own message."""
    log = tmp_path / "lp.log"
    lp = tmp_path / "lp"
    lp.write_text(
        f'#!/bin/sh\necho "$@" >> {log}\ncat > {tmp_path}/last.pdf\necho "request id is q-7 (1 file(s))"\n'
    )
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    printer = FormPrinter(CupsQueue("kiosk-a4", lp=str(lp)), cjk_font)
    assert printer.print_form(body()) == "request id is q-7 (1 file(s))"
    assert log.read_text().split() == ["-d", "kiosk-a4", "-n", "1", "-t", "1" * 32, "-"]
    assert (tmp_path / "last.pdf").read_bytes().startswith(b"%PDF-")
    lp.write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    with pytest.raises(DeviceUnavailable, match="does not exist"):
        printer.print_form(body("2" * 32))
    assert printer._health.code == "unavailable"
