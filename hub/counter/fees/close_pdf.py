"""The daily close (日結, seed 002:2337) as an A4 PDF, the same figures as the close page and its CSV: totals,
per item, per method, the other channels, each cashier's cash against the count, and whether the day is locked.
Rendered like the fee receipt (fpdf2 with the installed CJK face), so a supervisor files one page per day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from fpdf import FPDF

from hub.counter.calc.dates import format_roc
from hub.counter.docs.render import Font
from hub.counter.fees.core import CHANNELS, METHODS
from hub.counter.fees.receipt import start_pdf

MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN


def _table(pdf: FPDF, head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    pdf.set_font("cjk", size=9)
    for text, w in zip(head, widths, strict=True):
        pdf.cell(w, 7, text, border=1, align="C")
    pdf.ln(7)
    pdf.set_font("cjk", size=10)
    for row in rows:
        for i, (text, w) in enumerate(zip(row, widths, strict=True)):
            pdf.cell(w, 7, text, border=1, align="L" if i == 0 else "R")
        pdf.ln(7)
    if not rows:
        pdf.cell(sum(widths), 7, "無 None", border=1)
        pdf.ln(7)
    pdf.ln(3)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font("cjk", size=12)
    pdf.cell(WIDTH, 8, text)
    pdf.ln(9)


def render_close(
    view: Mapping[str, Any], office_name: str, item_names: Mapping[str, str], font: Font | None = None
) -> bytes:
    """``view`` is ``service.close_view``'s answer; ``item_names`` code → zh-TW name of the fee items."""
    day, sums = view["day"], view["sums"]
    pdf = start_pdf("A4", f"日結 {view['office']} {day.isoformat()}", MARGIN, font)
    pdf.set_font("cjk", size=11)
    pdf.cell(WIDTH, 6, office_name)
    pdf.ln(7)
    pdf.set_font("cjk", size=18)
    pdf.cell(WIDTH, 10, f"規費日結表 Daily close {format_roc(day)}（{day.isoformat()}）")
    pdf.ln(12)
    lock = view.get("lock")
    pdf.set_font("cjk", size=10)
    status = (
        f"已鎖定 Locked by {lock.by} at {datetime.fromtimestamp(lock.at / 1000, UTC):%Y-%m-%d %H:%M} UTC"
        if lock
        else "未鎖定 Not locked: figures may still change"
    )
    pdf.cell(WIDTH, 6, f"辦公處所 Office：{view['office']}　　{status}")
    pdf.ln(9)
    _heading(pdf, "合計 Totals")
    _table(pdf, ("", "件數 Count", "金額 NT$"),
           [("收據 Receipts", str(sums.receipts), ""), ("作廢 Voids", str(sums.voids), ""),
            ("櫃檯合計 Counter total", "", f"{sums.total:,}")], (90.0, 40.0, 50.0))  # fmt: skip
    _heading(pdf, "依項目 By item")
    _table(pdf, ("項目 Item", "數量 Qty", "金額 NT$"),
           [(item_names.get(code, code), str(qty), f"{amount:,}")
            for code, (qty, amount) in sorted(sums.by_item.items())], (90.0, 40.0, 50.0))  # fmt: skip
    _heading(pdf, "依收款方式 By method")
    _table(pdf, ("方式 Method", "金額 NT$"),
           [(" ".join(METHODS.get(how, (how, ""))).strip(), f"{amount:,}")
            for how, amount in sorted(sums.by_method.items())], (130.0, 50.0))  # fmt: skip
    _heading(pdf, "其他通路（全中心） Other channels")
    _table(pdf, ("通路 Channel", "筆數 Count", "金額 NT$"),
           [(" ".join(CHANNELS.get(ch, (ch, ""))).strip(), str(n), f"{amount:,}")
            for ch, (n, amount) in sorted(view["channels"].items())], (90.0, 40.0, 50.0))  # fmt: skip
    _heading(pdf, "現金點收 Cash counts")
    _table(pdf, ("經收人 Cashier", "收據 Receipts", "帳列現金 Books", "點收 Counted", "差額 Diff."),
           [(c["cashier"], str(c["receipts"]), f"{c['cash']:,}",
             f"{c['counted']:,}" if c["counted"] is not None else "—",
             f"{c['difference']:+,}" if c["difference"] else "0" if c["counted"] is not None else "")
            for c in view["cashiers"]], (50.0, 28.0, 36.0, 36.0, 30.0))  # fmt: skip
    explained = [(c["cashier"], c["explanation"]) for c in view["cashiers"] if c["explanation"]]
    if explained:
        _heading(pdf, "差額說明 Explanations")
        pdf.set_font("cjk", size=10)
        for cashier, text in explained:
            pdf.multi_cell(WIDTH, 6, f"{cashier}：{text}")
    pdf.ln(8)
    pdf.set_font("cjk", size=10)
    pdf.cell(WIDTH, 6, "製表 Prepared by：＿＿＿＿＿＿　　主管 Supervisor：＿＿＿＿＿＿")
    return bytes(pdf.output())
