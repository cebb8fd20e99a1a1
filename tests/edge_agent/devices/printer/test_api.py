"""The printer's local API routes: validation, idempotent job ids, status."""

from __future__ import annotations

from pathlib import Path

import pytest

from edge_agent.devices.printer.layout import FontSpec
from edge_agent.devices.printer.link import FakePrinterLink
from edge_agent.devices.printer.service import ReceiptPrinter
from edge_agent.devices.printer.spool import PrintSpool
from edge_agent.routes import ApiError, Router
from tests.edge_agent.devices.routing import call, router_for


@pytest.fixture
def router(tmp_path: Path, cjk_font: FontSpec) -> Router:
    return router_for(ReceiptPrinter(FakePrinterLink(), PrintSpool(tmp_path / "s.db"), cjk_font))


SLIP = {"job": "f" * 32, "org": "桃園市政府", "service": "規費", "case_no": "K261121-7QX4M-Z3P9H",
        "payment_no": "1150000123", "amount": 1500, "due": "2026-12-31", "item_code": "XHM"}  # fmt: skip


def test_slip_is_queued_once_per_job_id(router: Router) -> None:
    first = call(router, "POST", "/v1/printer/payment-slips", SLIP)
    again = call(router, "POST", "/v1/printer/payment-slips", SLIP)
    assert first.status == 202 and first.body["new"] is True  # type: ignore[attr-defined]
    assert again.body["new"] is False  # type: ignore[attr-defined]
    assert call(router, "GET", f"/v1/printer/jobs/{'f' * 32}")["state"] == "pending"  # type: ignore[index]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"amount": 25_000}, "bad_document"),
        ({"item_code": "x"}, "invalid_body"),
        ({"job": "nope"}, "invalid_body"),
    ],
)
def test_bad_slip_gets_400_and_queues_nothing(router: Router, change: dict[str, object], code: str) -> None:
    with pytest.raises(ApiError) as err:
        call(router, "POST", "/v1/printer/payment-slips", {**SLIP, **change})
    assert (err.value.status, err.value.code) == (400, code)
    with pytest.raises(ApiError, match="no print job"):
        call(router, "GET", f"/v1/printer/jobs/{'f' * 32}")


def test_status_route(router: Router) -> None:
    assert call(router, "GET", "/v1/printer/status") == {
        "state": "ok", "code": "", "reason": "", "citizen": "", "queued": 0,
    }  # fmt: skip
