"""The jobs presenter over the fake agent: townships, a township's vacancies by page, each printed."""

from __future__ import annotations

from kiosk.jobs import JobsFlow
from onestop.dev.fake_agent import FakeAgent


def test_township_then_pages_then_print() -> None:
    agent = FakeAgent()
    jobs = JobsFlow(agent)
    assert jobs.load().error is None and len(jobs.townships) == 13 and dict(jobs.townships)["八德市"] == 5
    assert jobs.choose("八德市").error is None and jobs.total == 5 and jobs.pages == 2 and len(jobs.rows) == 3
    assert jobs.turn(1).error is None and len(jobs.rows) == 2
    assert jobs.print_page().error is None and jobs.printed == 2
    receipts = [body for kind, body in agent.printed if kind == "receipt"]
    labels = [label for label, _ in receipts[0]["lines"]]
    assert labels == [
        "公司名稱",
        "職缺名稱",
        "職缺人數",
        "薪資",
        "學歷",
        "工作內容",
        "地址",
        "電話",
    ]  # seed 004:1811
    assert jobs.choose("復興鄉").error is None and jobs.rows == () and jobs.print_page().error is not None
