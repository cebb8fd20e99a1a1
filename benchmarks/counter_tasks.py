"""Counter toolkit: the staff path from opening the page to the printed PDF, per calculator and per document,
as clicks and seconds, beside the seed's minutes by hand (seed 002 lines 996, 1003, 1011 and the tables at
lines 4175-4181 and 4224-4228).

Every part is real: the hub process on SQLite, a private Mosquitto, the counter PC's edge agent with the
a4printer component, a private cupsd with a file-backed queue, headless Chromium driving the staff pages.
A task ends when the PDF file is out of the CUPS queue. Typing is Playwright's ``fill`` (no typing delay: the
figure is the system's share; a person adds their typing). In the same run the raw component is measured:
``lp`` of the same PDF into the same queue until the file is out, so the ratio says what the hub, MQTT, the
agent and the pages add on top of CUPS.

    .venv/bin/python benchmarks/counter_tasks.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the rig lives with the e2e tests

from onestop.dev.chromium import chromium
from tests.e2e.counter.rig import DEVICE, QUEUE, CounterRig, wait_until

#: minutes by hand per case, from the seed (line of the figure)
MANUAL = {
    "conception": (9.5, 4226),  # 出生受胎期間 9分 30秒
    "residence": (18.0, 4224),  # 國籍居留期間 18分鐘
    "allowance": (4.5, 4228),  # 生育津貼計算 4分 30秒
    "deadline": (None, 4191),  # 法定期間 "平均 1件約節省 4-18分鐘" (no single figure)
    "notice": (17.0, 4175),  # 通知書 17分鐘
    "notice_reminder": (7.0, 4177),  # 催告書 7分鐘
    "fine": (7.0, 4179),  # 裁處書 7分鐘
    "one_time": (4.0, 4181),  # 一次告知單 4分鐘
    "fee_receipt": (3.0, 1086),  # 開立規費收據每件約需 3分鐘 (issue 15)
}


class Clicks:
    """Counts what a person would do with the mouse: clicks and picks from a list."""

    def __init__(self, page: Any) -> None:
        self.page, self.n = page, 0

    def click(self, selector: str) -> None:
        self.n += 1
        self.page.click(selector)

    def select(self, selector: str, value: str) -> None:
        self.n += 1
        self.page.select_option(selector, value)


def printed_after(rig: CounterRig, before: int) -> Path:
    out: list[Path] = wait_until(lambda: rig.printed()[before:], 30, "the PDF out of the queue")
    return out[-1]


def finish_print(rig: CounterRig, c: Clicks) -> None:
    before = len(rig.printed())
    c.select("#device", DEVICE)
    c.click("#print")
    c.page.wait_for_selector("#state[data-state=completed]", timeout=60_000)
    printed_after(rig, before)


def calc_task(kind: str, fields: dict[str, str]) -> Callable[[CounterRig, Any], int]:
    def run(rig: CounterRig, page: Any) -> int:
        c = Clicks(page)
        page.goto(f"{rig.url}/staff/counter")
        c.click(f"a[data-calc={kind}]")
        for name, value in fields.items():
            if name in ("unit", "applicant", "basis"):
                c.select(f"#{name}", value)
            else:
                c.click(f"#{name}")
                page.fill(f"#{name}", value)
        c.click("#compute")
        page.wait_for_selector("#result")
        finish_print(rig, c)
        return c.n

    return run


def doc_task(kind: str, fields: dict[str, str], ticks: int = 0) -> Callable[[CounterRig, Any], int]:
    def run(rig: CounterRig, page: Any) -> int:
        c = Clicks(page)
        page.goto(f"{rig.url}/staff/counter/documents/new/{kind}")
        for name, value in fields.items():
            if name == "service":
                c.select("#service", value)
            else:
                c.click(f"#{name}")
                page.fill(f"#{name}", value)
        for i in range(ticks):
            c.click(f".checklist:not([hidden]) label:nth-of-type({i + 1}) input")
        c.click("#issue")
        page.wait_for_url("**/staff/counter/documents/XT-*")
        finish_print(rig, c)
        return c.n

    return run


def fee_task(run_rig: CounterRig, page: Any) -> int:
    """Two transcripts and an ID card, cash: the receipt issued and printed on A5 at this counter."""
    c = Clicks(page)
    page.goto(f"{run_rig.url}/staff/counter/fees")
    for name, value in (("qty-TRANSCRIPT", "2"), ("qty-ID-CARD", "1")):
        c.click(f"#{name}")
        page.fill(f"#{name}", value)
    c.click("#issue")
    page.wait_for_url("**/staff/counter/fees/receipts/XT-*")
    finish_print(run_rig, c)
    return c.n


PERSON = {
    "name": "王小明",
    "address": "臺中市西屯區臺灣大道三段99號",
    "matter": "遷入登記",
    "event_date": "115-01-10",
}
TASKS: dict[str, Callable[[CounterRig, Any], int]] = {
    "conception": calc_task("conception", {"birth": "113-02-29"}),
    "residence": calc_task(
        "residence",
        {"stays": "2021-01-01,2022-12-20\n2023-01-10,2023-12-31\n2024-01-20", "as_of": "2024-03-01"},
    ),
    "allowance": calc_task(
        "allowance", {"birth": "2024-02-29", "registered_on": "2024-03-05", "mother_since": "2020-01-01"}
    ),
    "deadline": calc_task("deadline", {"event": "115-01-17", "amount": "30", "unit": "days"}),
    "notice": doc_task("notice", PERSON),
    "notice_reminder": doc_task("notice_reminder", PERSON),
    "fine": doc_task("fine", {**PERSON, "reminded": "否"}),
    "one_time": doc_task("one_time", {"name": "陳美玲", "service": "birth"}, ticks=2),
    "fee_receipt": fee_task,
}


def raw_cups(rig: CounterRig, pdf: Path) -> float:
    before = len(rig.printed())
    t0 = time.perf_counter()
    subprocess.run(["lp", "-h", rig.cups.server, "-d", QUEUE, str(pdf)], check=True, capture_output=True)
    printed_after(rig, before)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of each task (the median is printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as tmp:
        rig = CounterRig(Path(tmp)).start()
        try:
            assert rig.agent is not None
            wait_until(lambda: rig.agent.session.online, 20, "the agent online")  # type: ignore[union-attr]
            with chromium() as browser:
                page = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900}).new_page()
                page.goto(f"{rig.url}/staff/login")
                page.fill("#token", rig.tokens["lin.counter"])
                page.click("main button[type=submit]")
                page.wait_for_url("**/staff/cases")
                TASKS["notice"](rig, page)  # warm-up: the agent's birth reached the hub, pages compiled
                rows = []
                for name, task in TASKS.items():
                    times, clicks = [], 0
                    for _ in range(args.rounds):
                        t0 = time.perf_counter()
                        clicks = task(rig, page)
                        times.append(time.perf_counter() - t0)
                    rows.append((name, clicks, statistics.median(times), max(times)))
            raw = statistics.median(raw_cups(rig, rig.printed()[-1]) for _ in range(args.rounds))
        finally:
            rig.stop()
    print(f"counter tasks, staff page → PDF out of the CUPS queue ({args.rounds} rounds, median)")
    print(f"raw CUPS (lp → file out, same queue, same run): {raw:.2f} s")
    print(
        f"{'task':<16}{'clicks':>7}{'seconds':>9}{'max':>7}{'× raw CUPS':>12}{'by hand':>10}{'faster':>9}  seed line"
    )
    for name, clicks, median, worst in rows:
        minutes, line = MANUAL[name]
        hand = f"{minutes:.1f} min" if minutes else "4-18 min"
        faster = f"{minutes * 60 / median:.0f}×" if minutes else "-"
        print(
            f"{name:<16}{clicks:>7}{median:>9.2f}{worst:>7.2f}{median / raw:>12.1f}{hand:>10}{faster:>9}  {line}"
        )


if __name__ == "__main__":
    main()
