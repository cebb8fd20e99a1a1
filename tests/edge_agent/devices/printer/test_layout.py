"""Receipt layouts (pure): what each document holds, and that its codes decode from the rendered image."""

from __future__ import annotations

from datetime import date

import pytest
from pyzbar import pyzbar

from edge_agent.devices.printer.layout import (
    PAPER_WIDTH,
    CaseReceipt,
    FontSpec,
    PaymentSlip,
    Qr,
    Receipt,
    Text,
    blocks_for,
    render,
    roc_date,
)
from wire.printed import SlipCodeError

CASE = "K261121-7QX4M-Z3P9H"


def decoded(doc: object, font: FontSpec) -> set[tuple[str, str]]:
    image = render(blocks_for(doc), font)  # type: ignore[arg-type]
    assert image.width == PAPER_WIDTH
    return {(s.type, s.data.decode()) for s in pyzbar.decode(image.convert("L"))}


def test_case_receipt_carries_the_query_qr_and_roc_dates(cjk_font: FontSpec) -> None:
    """The receipt printed with its password carries both in its QR (a kiosk scans it to query progress);
    a re-print without the password carries the case number alone."""
    doc = CaseReceipt(
        "臺北市信義區戶政事務所", "戶籍謄本", CASE, date(2026, 11, 21), "7QX4M2Z3", date(2026, 11, 28)
    )
    texts = [b.text for b in blocks_for(doc) if isinstance(b, Text)]
    assert "受理日期：民國115年11月21日" in texts and "查詢密碼：7QX4M2Z3" in texts
    assert decoded(doc, cjk_font) == {("QRCODE", f"ONESTOP:QUERY:{CASE}:7QX4M2Z3")}
    reprint = CaseReceipt("臺北市信義區戶政事務所", "戶籍謄本", CASE, date(2026, 11, 21))
    assert decoded(reprint, cjk_font) == {("QRCODE", f"ONESTOP:CASE:{CASE}")}


def test_plain_receipt_lines_and_optional_qr(cjk_font: FontSpec) -> None:
    doc = Receipt("規費收據", (("金額", "新臺幣 100 元"),), qr="https://example.org/r/1", footer="謝謝")
    assert [b.text for b in blocks_for(doc) if isinstance(b, Text)] == [
        "規費收據",
        "金額：新臺幣 100 元",
        "謝謝",
    ]
    assert decoded(doc, cjk_font) == {("QRCODE", "https://example.org/r/1")}
    assert not any(isinstance(b, Qr) for b in blocks_for(Receipt("x", ())))


def test_long_text_wraps_within_the_paper(cjk_font: FontSpec) -> None:
    one = render([Text("字" * 5)], cjk_font)
    many = render([Text("字" * 60)], cjk_font)
    assert many.height >= 2 * one.height


def test_slip_over_the_cap_cannot_be_laid_out() -> None:
    with pytest.raises(SlipCodeError, match="20,000"):
        blocks_for(PaymentSlip("org", "svc", CASE, "1", 20_001, date(2026, 1, 1), "XHM"))


def test_roc_date() -> None:
    assert roc_date(date(2026, 1, 5)) == "民國115年1月5日"


def test_fine_slip_is_the_seeds_receipt_with_decodable_codes(cjk_font: FontSpec) -> None:
    """Seed 004:1823-1835: the 罰鍰繳納憑證 fields, the ID's last 4 as *, the notes; three Code 39 + QR."""
    from edge_agent.devices.printer.layout import FineSlip

    doc = FineSlip("A12345****", "王○明", "9807021234", date(2009, 7, 2), "桃園縣政府環保局", "12345678901234",
                   "廢棄物清理法第27條", 800, date(2026, 12, 31), "F000009807021234", "OSF")  # fmt: skip
    texts = [b.text for b in blocks_for(doc) if isinstance(b, Text)]
    assert texts[0] == "罰 鍰 繳 納 憑 證"
    assert "身分證統一編號：A12345****" in texts and "開立日期：民國98年7月2日" in texts
    assert "處分書號：12345678901234" in texts and any("後 4 碼以“*”代替" in t for t in texts)
    codes = decoded(doc, cjk_font)
    assert ("QRCODE", "ONESTOP:FINE:9807021234:F000009807021234:800:2026-12-31") in codes
    assert {c for t, c in codes if t == "CODE39"} == {"151231OSF", "F000009807021234", "123143000000800"}
