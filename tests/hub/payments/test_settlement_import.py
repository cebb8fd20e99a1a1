"""Settlement import through the API: good lines applied, unknown and wrong-amount lines only listed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.payments.models import Payment
from hub.payments.settlement import format_detail, format_header, format_trailer
from hub.staff.models import AuditEntry

PAID = datetime(2025, 11, 20, 14, 5)


def _case_with_payment(client: TestClient, auth: dict[str, str], service: str) -> tuple[str, int]:
    created = client.post(
        "/api/v1/cases",
        json={"service": service, "channel": "counter", "applicant": {"name": "張三"}, "consent": True},
        headers=auth,
    ).json()
    client.post(
        f"/api/v1/cases/{created['case_no']}/milestones", json={"milestone": "payment_due"}, headers=auth
    )
    (slip,) = client.get(f"/api/v1/cases/{created['case_no']}/slips", headers=auth).json()
    return slip["payment_no"], slip["amount"]


def test_good_unknown_and_wrong_amount_lines(
    client: TestClient,
    counter_auth: dict[str, str],
    make_token: Callable[[str, str], str],
    sessions: sessionmaker[Session],
) -> None:
    good_no, good_amount = _case_with_payment(client, counter_auth, "HR-HOUSEHOLD-BOOK")
    short_no, short_amount = _case_with_payment(client, counter_auth, "UD-ZONING-CERT")
    details = [
        format_detail(good_no, good_amount, PAID, "S0001"),
        format_detail("2511219999999999", 50, PAID, "S0002"),
        format_detail(short_no, short_amount - 1, PAID, "S0003"),
    ]
    total = good_amount + 50 + short_amount - 1
    text = "\n".join([format_header(date(2025, 11, 21), "CVS711"), *details, format_trailer(3, total)]) + "\n"
    supervisor = {
        "Authorization": f"Bearer {make_token('lee.super', 'supervisor')}",
        "Content-Type": "text/plain",
    }
    assert (
        client.post(
            "/api/v1/settlements", content=text, headers={**counter_auth, "Content-Type": "text/plain"}
        ).status_code
        == 403
    )
    result = client.post("/api/v1/settlements", content=text, headers=supervisor)
    assert result.status_code == 200, result.text
    body = result.json()
    assert body["applied"] == [good_no]
    assert [(p["line"], p["reason"]) for p in body["problems"]] == [
        (3, "unknown payment number 2511219999999999"),
        (4, f"amount NT${short_amount - 1} does not match the NT${short_amount} due"),
    ]
    with sessions() as session:
        status = {no: st for no, st in session.execute(select(Payment.payment_no, Payment.status))}
        assert status == {good_no: "paid", short_no: "due"}
        assert (
            session.scalar(select(AuditEntry.actor).where(AuditEntry.action == "settlement.import"))
            == "lee.super"
        )
    again = client.post("/api/v1/settlements", content=text, headers=supervisor).json()
    assert again["applied"] == [] and "already marked paid" in again["problems"][0]["reason"]


def test_broken_file_applies_nothing(
    client: TestClient,
    counter_auth: dict[str, str],
    make_token: Callable[[str, str], str],
    sessions: sessionmaker[Session],
) -> None:
    good_no, good_amount = _case_with_payment(client, counter_auth, "HR-HOUSEHOLD-BOOK")
    text = (
        format_header(date(2025, 11, 21), "CVS711")
        + "\n"
        + format_detail(good_no, good_amount, PAID, "S1")
        + "\n"
    )
    supervisor = {"Authorization": f"Bearer {make_token('lee.super', 'supervisor')}"}
    response = client.post("/api/v1/settlements", content=text, headers=supervisor)
    assert response.status_code == 422 and "truncated" in response.json()["detail"]
    with sessions() as session:
        assert session.scalar(select(Payment.status)) == "due"
