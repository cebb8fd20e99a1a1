"""The fake agent's stand-in hub for the services of issue 17 (fines): sample data and answers shaped by wire."""

from __future__ import annotations

from typing import Any

from kiosk.agent_client import AgentError
from wire.payloads.fines import Detail, FineInfo, FineKey, FineList, FineLookup, fine_payment_no


def _fine(
    fine_no: str, issued: str, decision: str, amount: int, due: str, key: str, masked: str
) -> dict[str, Any]:
    info = FineInfo(fine_no=fine_no, issued_on=issued, decision_no=decision, amount=amount, due_on=due,  # type: ignore[arg-type]
                    agency="桃園縣政府環保局", payer_masked=masked, payer_name="王○明", rule=None,
                    payment_no=fine_payment_no(fine_no), store=amount <= 20_000)  # fmt: skip
    return {"key": key, "info": info.model_dump(mode="json")}


#: Seven unpaid fines of the test ID A123456789 (the seed's first row among them) and one of a company.
SAMPLE_FINES: tuple[dict[str, Any], ...] = (
    _fine("9807021234", "2009-07-02", "12345678901234", 800, "2027-01-15", "A123456789", "A12345****"),
    *(
        _fine(
            f"11511{i:05d}",
            "2026-11-0" + str(i),
            f"1151100000{i:04d}",
            600 * i,
            "2027-01-2" + str(i),
            "A123456789",
            "A12345****",
        )
        for i in range(1, 6)
    ),
    _fine("1151200001", "2026-11-20", "11512000010001", 36_000, "2027-01-31", "A123456789", "A12345****"),
    _fine("1151200002", "2026-11-21", "11512000020001", 3_000, "2027-01-31", "22099131", "2209****"),
)


def fake_fine_lookup(fines: list[dict[str, Any]], body: dict[str, Any]) -> dict[str, Any]:
    """As the hub answers ``fine.lookup``: a malformed key is refused with the field's code."""
    query = FineLookup.model_validate(body)
    key = query.key.strip().upper()
    if query.kind is FineKey.BUSINESS_NO and (len(key) != 8 or not key.isdigit() or key == "22099132"):
        raise AgentError(
            "invalid_business_no", "統一編號檢查碼不正確 the business number's check does not add up"
        )
    field = "info" if query.kind is not FineKey.FINE_NO else None
    found = [f["info"] for f in fines if (f["key"] == key if field else f["info"]["fine_no"] == key)]
    return FineList(detail=Detail.LIGHT, fines=tuple(FineInfo.model_validate(f) for f in found)).model_dump(
        mode="json"
    )
