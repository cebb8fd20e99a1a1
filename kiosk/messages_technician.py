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
    # the other codes an agent's components report (edge_agent/devices), in words (issue 18 defect 7)
    "tech.fault.paper_low": ("收據紙快用完，請準備換紙", "receipt paper is running low: have a roll ready"),
    "tech.fault.uncertain_job": (
        "有單據不確定是否印出，請詢問民眾後確認或重印",
        "a slip may not have come out: ask, then confirm or reprint",
    ),
    "tech.fault.printer_error": (
        "印表機故障，請檢查裁刀並重新開機",
        "printer fault: check the cutter, restart it",
    ),
    "tech.fault.not_accepting": ("列印佇列停止收件，請檢查 CUPS", "the print queue refuses jobs: check CUPS"),
    "tech.fault.scanner_error": ("掃描器讀寫錯誤，請重新開機", "scanner I/O error: restart it"),
    "tech.fault.no_ack": ("按鍵沒有回應指令", "the keypad does not acknowledge"),
    "tech.fault.nak": ("按鍵拒絕指令", "the keypad refuses commands"),
    "tech.fault.unlisted": ("其他問題，詳情請看設備日誌", "another problem: see the agent's log"),
    "tech.state.unknown": ("狀態不明", "state unknown"),
}
