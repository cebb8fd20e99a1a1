"""Fines end to end: the real hub (``onestop hub serve`` on SQLite), a private Mosquitto, a real edge agent with its
receipt printer on a socat pty, and the kiosk's fines presenter over the agent's loopback API.

An agency's file is imported over HTTP; a fine is found by national ID, by business number (one whose 7th digit
is 7) and by fine number; five are ticked, the sixth refused; five slips come out of the printer, each decoded
with zbar; a fine of NT$20,001 gets no slip and the bank/ATM message; the settlement import closes a paid fine.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pyzbar import pyzbar
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from edge_agent.devices.printer.machine import image_from_sheet
from hub.payments.settlement import format_detail, format_header, format_trailer
from hub.staff.accounts import create_user
from kiosk.agent_client import HttpAgentClient
from kiosk.fines import FinesFlow
from kiosk.steps import Msg
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.e2e.kiosk.rig import Rig, start_rig
from tests.hub.serving import HubProcess
from wire.payloads.fines import FineKey, fine_payment_no
from wire.printed import verify

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]

PERSON, SEVEN = "A123456789", "10458574"  # the 統一編號 passes only with the 7th-digit-is-7 rule
HEADER = "fine_no,issued_on,agency,decision_no,rule,amount,due_on,payer_id,payer_name"


def _file() -> str:
    rows = [f"98070212{i:02d},98/07/{i + 1:02d},桃園縣政府環保局,1234567890{i:04d},廢棄物清理法第27條,{800 + i * 100},2099-08-02,{PERSON},王小明"
            for i in range(6)]  # fmt: skip
    rows.append(
        f"9807021290,98/07/09,桃園縣政府警察局,12345678909999,道路交通管理處罰條例第40條,20001,2099-08-02,{PERSON},王小明"
    )
    rows.append(
        f"9807021299,98/07/10,桃園縣政府環保局,12345678908888,空氣污染防制法第32條,3000,2099-08-02,{SEVEN},七號商行"
    )
    return "\n".join([HEADER, *rows]) + "\n"


def _http(hub: HubProcess, path: str, data: bytes, token: str, content_type: str) -> tuple[int, Any]:
    request = urllib.request.Request(f"http://127.0.0.1:{hub.port}{path}", data=data, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def hub(mosquitto: Mosquitto, tmp_path: Path) -> Iterator[HubProcess]:
    process = HubProcess(f"sqlite:///{tmp_path / 'hub.db'}", mosquitto.url, tmp_path).start(timeout=60)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def supervisor(hub: HubProcess, tmp_path: Path) -> str:
    engine = create_engine(f"sqlite:///{tmp_path / 'hub.db'}")
    try:
        with Session(engine) as session, session.begin():
            return create_user(session, "e2e.super", "supervisor")
    finally:
        engine.dispose()


@pytest.fixture
def rig(mosquitto: Mosquitto, hub: HubProcess, tmp_path: Path, sane_dir: Path) -> Iterator[Rig]:
    yield from start_rig(mosquitto, tmp_path, sane_dir, fake_hub=False)


def _look_up(fines: FinesFlow, kind: FineKey, key: str) -> None:
    # the agent's session to the broker may still be coming up
    wait_until(
        lambda: fines.look_up(kind, key).error is None,
        30,
        f"the fines look-up by {kind} {key} to answer",
        step=0.5,
    )


def test_fines_by_three_keys_five_slips_printed_and_closed_by_settlement(
    hub: HubProcess, supervisor: str, rig: Rig
) -> None:
    status, summary = _http(
        hub, "/api/v1/fines/import?filename=epa.csv", _file().encode(), supervisor, "text/csv"
    )
    assert status == 200 and summary["added"] == 8, summary
    fines = FinesFlow(HttpAgentClient(rig.url))

    _look_up(fines, FineKey.BUSINESS_NO, SEVEN)
    assert [(f.fine_no, f.payer_masked) for f in fines.fines] == [("9807021299", "1045****")]
    _look_up(fines, FineKey.FINE_NO, "9807021203")
    assert [(f.fine_no, f.decision_no, f.amount) for f in fines.fines] == [
        ("9807021203", "12345678900003", 1100)
    ]
    assert fines.look_up(FineKey.BUSINESS_NO, "10458584").error == Msg(
        "fines.bad_business_no"
    )  # the hub refuses

    _look_up(fines, FineKey.NATIONAL_ID, PERSON)
    assert len(fines.fines) == 7 and fines.detail == "light"
    big = next(f for f in fines.fines if f.amount == 20_001)
    assert not big.store and fines.toggle(big.fine_no).error == Msg("fines.bank_only", {"amount": "20,001"})
    storable = [f for f in fines.fines if f.store]
    for fine in storable[:5]:
        assert fines.toggle(fine.fine_no).error is None
    assert fines.toggle(storable[5].fine_no).error == Msg("fines.max_ticked", {"max": 5})
    assert fines.print_ticked().error is None

    printer = rig.printer.machine
    wait_until(lambda: len(printer.complete_sheets) >= 5, 60, "five slips from the printer", step=0.2)
    sheets = printer.complete_sheets
    assert len(sheets) == 5, "five slips, one per fine, none for the NT$20,001 fine"
    seen: list[str] = []
    for sheet in sheets:
        codes = [(s.type, s.data.decode()) for s in pyzbar.decode(image_from_sheet(sheet))]
        bars = tuple(c for t, c in codes if t == "CODE39")
        (qr,) = [c for t, c in codes if t == "QRCODE"]
        _, kind, fine_no, payment_no, amount, due = qr.split(":")
        assert kind == "FINE" and payment_no == fine_payment_no(fine_no) and due == "2099-08-02"
        assert int(amount) == next(f.amount for f in storable if f.fine_no == fine_no)
        assert len(bars) == 3 and set(bars) >= {payment_no} and verify(_ordered(bars))
        seen.append(fine_no)
    assert sorted(seen) == sorted(f.fine_no for f in storable[:5])

    paid = storable[0]
    lines = [format_header(date(2026, 12, 4), "CVS711"),
             format_detail(paid.payment_no, paid.amount, datetime(2026, 12, 4, 10, 0), "S0001"),
             format_trailer(1, paid.amount)]  # fmt: skip
    status, result = _http(
        hub, "/api/v1/settlements", ("\n".join(lines) + "\n").encode(), supervisor, "text/plain"
    )
    assert status == 200 and result["applied"] == [paid.payment_no], result
    _look_up(fines, FineKey.FINE_NO, paid.fine_no)
    assert fines.fines == ()  # paid: no longer listed
    _look_up(fines, FineKey.NATIONAL_ID, PERSON)
    assert len(fines.fines) == 6


def _ordered(bars: tuple[str, ...]) -> tuple[str, str, str]:
    """The three segments by length (9, 16, 15), as a store's POS reads them."""
    by_len = {len(b): b for b in bars}
    return by_len[9], by_len[16], by_len[15]


def test_faq_through_the_agent_finds_the_household_book_from_two_characters(
    rig: Rig, hub: HubProcess
) -> None:
    """The kiosk's FAQ presenter over the real agent and hub: the seeded categories, and 「戶口」 typed on the
    keyword keyboard finds 「如何補領戶口名簿?」 first (the hub's FTS5 bigram index)."""
    from kiosk.faq import FaqFlow

    faq = FaqFlow(HttpAgentClient(rig.url))
    wait_until(lambda: faq.load().error is None, 30, "the FAQ categories to load through the agent", step=0.5)
    assert dict(faq.categories)["系統操作"] == 6
    faq.type_key("戶口")
    assert faq.search().error is None
    assert faq.items[0].question == "如何補領戶口名簿?"


def test_jobs_imported_browsed_by_township_and_printed_through_the_agent(
    hub: HubProcess, supervisor: str, rig: Rig
) -> None:
    """A station's file imported over HTTP; the kiosk's jobs presenter over the real agent browses 蘆竹鄉 and
    prints the vacancy with the seed's columns on the pty receipt printer."""
    from kiosk.jobs import JobsFlow

    row = "蘆竹鄉,桃園縣蘆竹地政事務所,雇工,1,日薪 800 元,高職,協辦地價相關業務,桃園縣蘆竹鄉長安路 2 段 236 號 2 樓,03-3525337#309"
    text = "township,company,title,openings,pay,education,duties,address,phone\n" + row + "\n"
    status, body = _http(hub, "/api/v1/jobs/import/ST-LUZHU", text.encode(), supervisor, "text/csv")
    assert status == 200 and body["vacancies"] == 1
    jobs = JobsFlow(HttpAgentClient(rig.url))
    wait_until(
        lambda: jobs.choose("蘆竹鄉").error is None, 30, "the vacancies of 蘆竹鄉 through the agent", step=0.5
    )
    assert [(j.company, j.phone) for j in jobs.rows] == [("桃園縣蘆竹地政事務所", "03-3525337#309")]
    assert jobs.print_page().error is None
    wait_until(lambda: rig.printer.machine.complete_sheets, 30, "the vacancy slip from the printer", step=0.2)
    assert len(rig.printer.machine.complete_sheets) == 1
