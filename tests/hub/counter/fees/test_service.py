"""Fees in the database (SQLite and PostgreSQL): receipts numbered per office and year, voids, copies, the
daily close with a cash mismatch, and a locked day that refuses every change and writes nothing."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image
from pyzbar import pyzbar
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.counter.fees import service
from hub.counter.fees.core import FeeError, FeeSchedule
from hub.counter.fees.models import FeeCashCount, FeeDayLock, FeeReceipt, FeeVoid

TAIPEI = service.TAIPEI
NOW = datetime(2026, 12, 4, 10, 30, tzinfo=TAIPEI)
LATER = datetime(2026, 12, 5, 9, 0, tzinfo=TAIPEI)
BASE = "https://hub.example.tw"


def take(session: Session, picks: list[tuple[str, object]], now: datetime = NOW, cashier: str = "lin",
         how: str = "cash", schedule: FeeSchedule | None = None) -> FeeReceipt:  # fmt: skip
    return service.take_fees(
        session, schedule or service.shipped_schedule(), office="XT", office_name="西屯區戶政事務所", picks=picks,
        pay_method=how, cashier=cashier, cashier_name=f"{cashier} 櫃檯", now=now, base_url=BASE, payer="王小明",
    )  # fmt: skip


def count(sessions: sessionmaker[Session], table: type) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_receipts_are_numbered_per_office_and_year_and_priced_on_the_day(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s, s.begin():
        first = take(s, [("TRANSCRIPT", 2), ("ID-CARD", 1), ("HOUSEHOLD-BOOK", 1)])
        second = take(s, [("TRANSCRIPT", 1)])
        next_year = take(s, [("TRANSCRIPT", 1)], now=datetime(2027, 1, 2, 9, 0, tzinfo=TAIPEI))
    assert (first.number, second.number, next_year.number) == (
        "XT-R115-000001",
        "XT-R115-000002",
        "XT-R116-000001",
    )
    assert first.total == 2 * 15 + 50 + 30 and first.day == date(2026, 12, 4)


def test_an_amount_changed_on_a_date_prices_receipts_either_side(sessions: sessionmaker[Session]) -> None:
    schedule = FeeSchedule.from_mapping({"items": [{"code": "ID-CARD", "zh": "國民身分證", "en": "ID", "unit": "張",
        "rates": [{"since": "2001-01-01", "amount": 50}, {"since": "2026-12-05", "amount": 80}]}]})  # fmt: skip
    with sessions() as s, s.begin():
        before = take(s, [("ID-CARD", 2)], schedule=schedule)
        after = take(s, [("ID-CARD", 2)], now=LATER, schedule=schedule)
    with sessions() as s:
        assert s.get(FeeReceipt, before.id).total == 100  # type: ignore[union-attr]
        assert s.get(FeeReceipt, after.id).total == 160  # type: ignore[union-attr]


def test_the_a5_receipt_reads_back_amount_capitals_and_qr(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with sessions() as s, s.begin():
        receipt = take(s, [("TRANSCRIPT", 2), ("ID-CARD", 1), ("SEAL-CERT", 1)])
        pdf = receipt.pdf
        copy = service.reprint(receipt, "西屯區戶政事務所", BASE)
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert (
        "NT$ 130" in text
        and "壹佰參拾元整" in text
        and "XT-R115-000001" in text
        and "民國115年12月4日" in text
    )
    assert "副本" not in text
    size = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "419.53 x 595.28" in size  # A5 portrait in points
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(path), str(tmp_path / "r")], check=True
    )
    [code] = pyzbar.decode(Image.open(tmp_path / "r.png"))
    assert code.data.decode() == f"{BASE}/staff/counter/fees/receipts/XT-R115-000001"
    (tmp_path / "c.pdf").write_bytes(copy)
    copy_text = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True,
                               check=True).stdout  # fmt: skip
    assert "副本" in copy_text and "壹佰參拾元整" in copy_text


@pytest.mark.parametrize(
    ("picks", "how", "field"),
    [([("TRANSCRIPT", -1)], "cash", "quantity.TRANSCRIPT"), ([("NOPE", 1)], "cash", "items"),
     ([("TRANSCRIPT", 1)], "gold", "method")],
)  # fmt: skip
def test_bad_input_is_refused_and_uses_no_number(
    sessions: sessionmaker[Session], picks: list[tuple[str, object]], how: str, field: str
) -> None:
    with sessions() as s, s.begin(), pytest.raises(FeeError) as caught:
        take(s, picks, how=how)
    assert caught.value.field == field
    assert count(sessions, FeeReceipt) == 0
    with sessions() as s, s.begin():
        assert take(s, [("TRANSCRIPT", 1)]).number == "XT-R115-000001"


def test_a_void_keeps_its_number_and_needs_a_reason(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        receipt = take(s, [("TRANSCRIPT", 1)])
        with pytest.raises(FeeError, match="reason"):
            service.void(s, receipt, reason="  ", by="lin", now=NOW)
        service.void(s, receipt, reason="數量開錯，重開", by="lin", now=NOW)
        with pytest.raises(FeeError, match="already void"):
            service.void(s, receipt, reason="again", by="lin", now=NOW)
        assert take(s, [("TRANSCRIPT", 1)]).number == "XT-R115-000002"


def test_the_daily_close_shows_a_mismatch_wants_it_explained_then_locks(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s, s.begin():
        take(s, [("TRANSCRIPT", 2)])  # 30 cash
        take(s, [("ID-CARD", 1)], how="card")  # 50 card
        take(s, [("HOUSEHOLD-BOOK", 1)], cashier="wang")  # 30 cash, another cashier
        voided = take(s, [("SEAL-CERT", 1)])  # 50 cash, then voided
        service.void(s, voided, reason="重複收費", by="lin", now=NOW)
    day = NOW.date()
    with sessions() as s, s.begin():
        with pytest.raises(service.CashMismatch) as caught:
            service.count_cash(
                s, office="XT", day=day, cashier="lin", counted="20", explanation="", by="lin", now=NOW
            )
        assert (caught.value.expected, caught.value.counted) == (30, 20) and "短收 10" in caught.value.message
        with pytest.raises(FeeError, match="not counted yet: lin, wang"):
            service.lock_day(s, office="XT", day=day, by="chen", now=NOW)
    assert count(sessions, FeeCashCount) == 0
    with sessions() as s, s.begin():
        service.count_cash(s, office="XT", day=day, cashier="lin", counted="20", explanation="找零給錯 10 元，已追回",
                           by="lin", now=NOW)  # fmt: skip
        service.count_cash(
            s, office="XT", day=day, cashier="wang", counted="30", explanation="", by="wang", now=NOW
        )
        view = service.close_view(s, "XT", day)
        assert view["sums"].total == 30 + 50 + 30 and view["sums"].voids == 1
        assert view["sums"].by_item["SEAL-CERT"] == (0, 0)
        lock = service.lock_day(s, office="XT", day=day, by="chen", now=NOW)
        assert lock.summary["by_method"] == {"cash": 60, "card": 50}


def test_a_locked_day_refuses_every_change_and_writes_nothing(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        receipt = take(s, [("TRANSCRIPT", 1)])
        service.count_cash(s, office="XT", day=NOW.date(), cashier="lin", counted="15", explanation="", by="lin",
                           now=NOW)  # fmt: skip
        service.lock_day(s, office="XT", day=NOW.date(), by="chen", now=NOW)
    before = (count(sessions, FeeReceipt), count(sessions, FeeVoid), count(sessions, FeeCashCount))
    with sessions() as s, s.begin():
        with pytest.raises(service.DayLocked, match="closed at XT"):
            take(s, [("TRANSCRIPT", 1)], now=NOW.replace(hour=16))
        with pytest.raises(service.DayLocked):
            service.count_cash(s, office="XT", day=NOW.date(), cashier="lin", counted="0", explanation="x",
                               by="lin", now=NOW)  # fmt: skip
        with pytest.raises(service.DayLocked):
            service.lock_day(s, office="XT", day=NOW.date(), by="chen", now=NOW)
        r = s.get(FeeReceipt, receipt.id)
        with pytest.raises(service.DayLocked):
            service.void(s, r, reason="late", by="lin", now=NOW.replace(hour=17))  # type: ignore[arg-type]
    assert (count(sessions, FeeReceipt), count(sessions, FeeVoid), count(sessions, FeeCashCount)) == before
    with sessions() as s, s.begin():  # the correction: voided on the next (open) day, booked there
        service.void(s, s.get(FeeReceipt, receipt.id), reason="更正：前日重複收費", by="lin", now=LATER)  # type: ignore[arg-type]
        assert service.close_view(s, "XT", LATER.date())["sums"].total == -15
        assert s.get(FeeDayLock, ("XT", NOW.date())).summary["total"] == 15  # type: ignore[union-attr]
