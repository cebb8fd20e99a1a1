"""What the technician screen says about a test that failed and a faulty component (issue 18, defect 8):
written for the technician (what is wrong, what to do), not the citizen's "please ask staff"."""

from __future__ import annotations

TECHNICIAN_MESSAGES: dict[str, tuple[str, str]] = {
    "tech.failed": ("× {test}失敗：{fault}", "× {test} failed: {fault}"),
    "tech.fault.paper_out": ("收據紙用完，請換新紙捲", "out of paper: load a new receipt roll"),
    "tech.fault.cover_open": ("印表機蓋未關好", "the printer cover is open"),
    "tech.fault.jammed": ("卡紙，請打開取出", "paper jam: open it and clear it"),
    "tech.fault.no_paper": ("進紙匣沒有文件", "no pages in the feeder"),
    "tech.fault.offline": ("設備離線，請檢查連接線", "the device is offline: check its cable"),
    "tech.fault.unavailable": ("設備沒有回應", "the device does not answer"),
    "tech.fault.scanner_busy": ("掃描器忙碌中，稍後再試", "the scanner is busy: try again shortly"),
    "tech.fault.printer_unavailable": ("印表機沒有回應", "the printer does not answer"),
    "tech.fault.agent": ("本機服務沒有回應", "the local agent does not answer"),
    "tech.fault.other": ("錯誤代碼 {code}", "error code {code}"),
}
