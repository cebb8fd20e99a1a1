"""Documents: numbered per office and year (no duplicates under concurrency), registered, re-printable, PDF."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.calendar import taiwan_calendar
from hub.counter import service
from hub.counter.calc import CalcError
from hub.counter.docs.fines import decide_fine, rules_from_mapping
from hub.counter.docs.model import shipped_catalogue
from hub.counter.models import CounterDocument

TW = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=TW)
SECRET = b"test-secret-0123456789"
CAT = shipped_catalogue()
CAL = taiwan_calendar()
NOTICE = {
    "name": "王小明",
    "address": "臺中市西屯區臺灣大道三段99號",
    "matter": "遷入登記",
    "event_date": "115-02-10",
}


def issue(
    session: Session, kind: str = "notice", values: dict[str, str] | None = None, **kw: str
) -> CounterDocument:
    return service.issue(session, CAT, CAL, office="XT", office_name="臺中市西屯區戶政事務所", kind=kind,
                         values=values or NOTICE, staff="clerk1", now=NOW, secret=SECRET,
                         base_url="http://hub.test", **kw)  # fmt: skip


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def qr_of(pdf: bytes) -> list[str]:
    """Rasterise page 1 with pdftoppm and read its QR codes with zbar."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "d.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-singlefile", f"{tmp}/d.pdf", f"{tmp}/page"], check=True
        )
        return [s.data.decode() for s in decode(Image.open(f"{tmp}/page.png"))]


def test_a_notice_is_numbered_registered_and_reprinted_the_same(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        doc = issue(s, national_id="A123456789", case_no="C-115-0001")
        number, pdf = doc.number, doc.pdf
    assert number == "XT-115-000001"
    text = text_of(pdf)
    assert "戶籍通知書" in text and "王小明" in text and "XT-115-000001" in text and "戶籍法第48條" in text
    assert "******6789" in text and "A123456789" not in text
    assert "2026-03-12" in text  # 30 days from 2026-02-10 → 03-12, a Thursday
    assert qr_of(pdf) == ["http://hub.test/staff/counter/documents/XT-115-000001"]
    with sessions() as s:
        again = service.find(s, number)
        assert again is not None and again.pdf == pdf  # a re-print is the same document, byte for byte
        assert again.person_key and again.person_key != "A123456789" and again.id_last4 == "6789"
        assert [d.number for d in service.search(s, "A123456789", SECRET)] == [number]
        assert [d.number for d in service.search(s, "小明", SECRET)] == [number]
        assert [d.number for d in service.search(s, "C-115-0001", SECRET)] == [number]
        assert service.search(s, "B123456780", SECRET) == []


def test_serials_run_on_per_office_and_restart_each_year(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        assert [issue(s).number for _ in range(3)] == ["XT-115-000001", "XT-115-000002", "XT-115-000003"]
        other = service.issue(s, CAT, CAL, office="BT", office_name="北屯", kind="notice", values=NOTICE,
                              staff="c", now=NOW, secret=SECRET, base_url="http://hub.test")  # fmt: skip
        assert other.number == "BT-115-000001"
        next_year = service.next_serial(s, "XT", 2027)
        assert next_year == 1


def test_concurrent_counters_never_share_a_number(sessions: sessionmaker[Session]) -> None:
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(5):
                with sessions() as s, s.begin():
                    serial = service.next_serial(s, "CC", 2026)
                with lock:
                    got.append(serial)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(got) == list(range(1, 31))


def test_bad_input_names_the_field_and_saves_nothing(sessions: sessionmaker[Session]) -> None:
    cases = [
        ({**NOTICE, "name": ""}, {}, "name"),
        ({**NOTICE, "event_date": "2099-01-01"}, {}, "event_date"),
        ({**NOTICE, "event_date": "113-02-30"}, {}, "event_date"),
        (NOTICE, {"national_id": "A123456788"}, "national_id"),
    ]
    for values, extra, field in cases:
        with pytest.raises(CalcError) as caught, sessions() as s, s.begin():
            issue(s, values=values, **extra)
        assert caught.value.field == field
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(CounterDocument)) == 0


def test_fine_decision_uses_the_rule_and_says_why(sessions: sessionmaker[Session]) -> None:
    values = {
        "name": "李大華",
        "address": "臺中市",
        "matter": "出生登記",
        "event_date": "2025-10-01",
        "reminded": "是",
    }
    with sessions() as s, s.begin():
        doc = issue(s, kind="fine", values=values)
        assert doc.amount == 900
        text = text_of(doc.pdf)
    assert "罰鍰裁處書" in text and "900" in text and "戶籍法第79條" in text and "行政罰法第5條" in text


def test_old_or_new_rule_by_event_date_and_the_more_favourable() -> None:
    rules = rules_from_mapping({"rules": [
        {"from": "2010-01-01", "basis": "old", "late": 300, "reminded": 600, "pay_within": 30},
        {"from": "2020-01-01", "basis": "new", "late": 500, "reminded": 1000, "pay_within": 30},
    ]})  # fmt: skip
    from datetime import date

    old_event = decide_fine(rules, date(2019, 12, 31), date(2026, 1, 5), reminded=False)
    assert (old_event.amount, old_event.rule.basis) == (300, "old") and "但書" in old_event.explanation_zh
    new_event = decide_fine(rules, date(2020, 1, 1), date(2026, 1, 5), reminded=True)
    assert (new_event.amount, new_event.rule.basis) == (1000, "new")
    with pytest.raises(CalcError) as caught:
        decide_fine(rules, date(2009, 12, 31), date(2026, 1, 5), reminded=False)
    assert caught.value.field == "event_date"


def test_one_time_notice_lists_the_ticked_items_from_the_checklist(sessions: sessionmaker[Session]) -> None:
    items = CAT.checklists["birth"].items
    values = {"name": "陳美玲", "service": "birth", "missing": f"{items[0]}\n{items[2]}"}
    with sessions() as s, s.begin():
        doc = issue(s, kind="one_time", values=values)
        text = text_of(doc.pdf)
    assert "一次告知單" in text and "出生證明書" in text and "戶口名簿" in text and "父母雙方" not in text
    with pytest.raises(CalcError) as caught, sessions() as s, s.begin():
        issue(s, kind="one_time", values={**values, "missing": "something not on the list"})
    assert caught.value.field == "missing"
