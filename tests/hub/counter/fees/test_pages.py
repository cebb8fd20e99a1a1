"""Fee pages through the app: take three items, the receipt, void, the close with a mismatch and the lock —
roles as the issue asks (counter staff take fees, a supervisor locks and sees every counter)."""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from hub.counter.fees.service import TAIPEI


def test_fee_pages_need_a_counter_role(client: TestClient) -> None:
    assert client.get("/staff/counter/fees", follow_redirects=False).status_code in (303, 401)


def test_three_items_become_a_receipt_and_bad_input_issues_nothing(
    client: TestClient, counter_auth: dict[str, str]
) -> None:
    form = {
        "qty-TRANSCRIPT": "2",
        "qty-ID-CARD": "1",
        "qty-HOUSEHOLD-BOOK": "1",
        "method": "cash",
        "payer": "王小明",
    }
    for bad, field in [({"qty-TRANSCRIPT": "-1"}, "quantity.TRANSCRIPT"), ({"method": "gold"}, "method"),
                       ({"qty-TRANSCRIPT": "", "qty-ID-CARD": "", "qty-HOUSEHOLD-BOOK": ""}, "items")]:  # fmt: skip
        got = client.post("/staff/counter/fees", data={**form, **bad}, headers=counter_auth)
        assert got.status_code == 400 and f'data-field="{field}"' in got.text
        assert got.text.count('role="alert"') == 1, "the error is shown once, beside its field"
    done = client.post("/staff/counter/fees", data=form, headers=counter_auth, follow_redirects=False)
    assert done.status_code == 303
    number = done.headers["location"].rsplit("/", 1)[-1]
    year = datetime.now(TAIPEI).year - 1911
    assert number == f"XT-R{year}-000001"  # the refused attempts used no number
    page = client.get(f"/staff/counter/fees/receipts/{number}", headers=counter_auth)
    assert page.status_code == 200 and "NT$110" in page.text.replace(",", "").replace(" ", "")
    assert client.get(f"/staff/counter/fees/receipts/{number}/pdf", headers=counter_auth).content.startswith(
        b"%PDF-"
    )
    assert client.get("/staff/counter/fees/receipts/XT-R1-999999", headers=counter_auth).status_code == 404
    no_reason = client.post(
        f"/staff/counter/fees/receipts/{number}/void", data={"reason": " "}, headers=counter_auth
    )
    assert no_reason.status_code == 400 and "needs a reason" in no_reason.text
    assert no_reason.text.count('role="alert"') == 1
    void = client.post(
        f"/staff/counter/fees/receipts/{number}/void", data={"reason": "開錯"}, headers=counter_auth
    )
    assert void.status_code == 200 and 'id="void"' in void.text


def test_the_close_wants_the_mismatch_explained_and_only_a_supervisor_locks(
    client: TestClient, counter_auth: dict[str, str], make_token: Callable[[str, str], str]
) -> None:
    super_auth = {"Authorization": f"Bearer {make_token('lee.super', 'supervisor')}"}
    client.post("/staff/counter/fees", data={"qty-TRANSCRIPT": "3", "method": "cash"}, headers=counter_auth)
    day = datetime.now(TAIPEI).date().isoformat()
    short = client.post(
        "/staff/counter/fees/close/count", data={"day": day, "counted": "40"}, headers=counter_auth
    )
    assert short.status_code == 400 and "短收 5" in short.text and 'data-field="explanation"' in short.text
    assert (
        client.post("/staff/counter/fees/close/lock", data={"day": day}, headers=counter_auth).status_code
        == 403
    )
    refused = client.post("/staff/counter/fees/close/lock", data={"day": day}, headers=super_auth)
    assert refused.status_code == 400 and "尚有經收人未點收現金：chen.counter" in refused.text
    ok = client.post("/staff/counter/fees/close/count", headers=counter_auth,
                     data={"day": day, "counted": "40", "explanation": "找零誤給 5 元"})  # fmt: skip
    assert ok.status_code == 200 and 'data-cashier="chen.counter"' in ok.text
    locked = client.post("/staff/counter/fees/close/lock", data={"day": day}, headers=super_auth)
    assert locked.status_code == 200 and 'id="locked"' in locked.text
    late = client.post(
        "/staff/counter/fees", data={"qty-TRANSCRIPT": "1", "method": "cash"}, headers=counter_auth
    )
    assert late.status_code == 400 and "已結帳鎖定，不能再變更" in late.text
    rows = list(
        csv.reader(
            client.get(f"/staff/counter/fees/close.csv?day={day}", headers=super_auth).text.splitlines()
        )
    )
    assert ["item", "TRANSCRIPT", "3", "45"] in rows and ["cash", "chen.counter", "40", "45"] in rows


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext lays it out (a real reader of the file, not our renderer)."""
    path = tmp_path / "close.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout  # fmt: skip


def test_the_close_as_pdf_carries_the_totals_the_page_shows(
    client: TestClient, counter_auth: dict[str, str], make_token: Callable[[str, str], str], tmp_path: Path
) -> None:
    """GIVEN 3 transcripts and 1 ID card taken in cash, and a short count explained
    WHEN a supervisor exports the close as PDF THEN pdftotext reads the item lines, the total, the cashier's
    books, count and difference, and the explanation; a counter clerk may not, and a bad day is a 400."""
    super_auth = {"Authorization": f"Bearer {make_token('lee.super', 'supervisor')}"}
    client.post("/staff/counter/fees", data={"qty-TRANSCRIPT": "3", "qty-ID-CARD": "1", "method": "cash"},
                headers=counter_auth)  # fmt: skip
    day = datetime.now(TAIPEI).date().isoformat()
    client.post("/staff/counter/fees/close/count", headers=counter_auth,
                data={"day": day, "counted": "90", "explanation": "找零誤給 5 元"})  # fmt: skip
    page = client.get(f"/staff/counter/fees/close?day={day}", headers=super_auth).text
    assert 'id="close-pdf"' in page
    got = client.get(f"/staff/counter/fees/close.pdf?day={day}", headers=super_auth)
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert got.content.startswith(b"%PDF-")
    rows = {row[1]: row for row in csv.reader(
        client.get(f"/staff/counter/fees/close.csv?day={day}", headers=super_auth).text.splitlines())}  # fmt: skip
    total = int(rows[day][3])
    text = " ".join(_pdf_text(got.content, tmp_path).split())
    assert "規費日結表 Daily close" in text and day in text and "未鎖定" in text
    assert f"櫃檯合計 Counter total {total:,}" in text
    assert "戶籍謄本 3 45" in text  # the item line: quantity and amount
    assert f"chen.counter 1 {total:,} 90 {90 - total:+,}" in text  # books, counted, difference
    assert "chen.counter：找零誤給 5 元" in text
    assert client.get(f"/staff/counter/fees/close.pdf?day={day}", headers=counter_auth).status_code == 403
    bad = client.get("/staff/counter/fees/close.pdf?day=2025-13-45", headers=super_auth)
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
