"""Fines tests use the case fixtures (app client, staff tokens) and a few import files."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.hub.cases.conftest import client, counter_auth, make_token  # noqa: F401

HEADER = "fine_no,issued_on,agency,decision_no,rule,amount,due_on,payer_id,payer_name"
PERSON = "A123456789"  # valid check digit
COMPANY = "22099131"  # passes the 統一編號 check
SEVEN = "10458574"  # passes only because its 7th digit is 7 (28 → 1+0, counted as 1)


def row(
    fine_no: str, amount: int = 800, payer: str = PERSON, name: str = "王小明", due: str = "2099-08-02"
) -> str:
    return (
        f"{fine_no},98/07/02,桃園縣政府環保局,12345678901234,廢棄物清理法第27條,{amount},{due},{payer},{name}"
    )


@pytest.fixture
def supervisor(make_token: Callable[[str, str], str]) -> dict[str, str]:  # noqa: F811
    return {"Authorization": f"Bearer {make_token('lee.super', 'supervisor')}", "Content-Type": "text/csv"}
