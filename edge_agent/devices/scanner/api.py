"""Local API of the scanner for the kiosk: scan a batch (or continue one after a jam), read a receipt's QR
codes, device status."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from edge_agent.devices.errors import BadRequest
from edge_agent.routes import ApiError, ApiRequest, Route
from wire.agent_api import CodesReply, ScanBody, ScanReply

if TYPE_CHECKING:
    from edge_agent.devices.scanner.service import DocumentScanner


def scanner_routes(scanner: DocumentScanner) -> list[Route]:
    base = f"/v1/{scanner.name}"

    def scan(request: ApiRequest) -> dict[str, object]:
        body = request.parse(ScanBody)
        try:
            result = scanner.scan(body.batch, body.case_no)
        except BadRequest as exc:
            raise ApiError(409, "scanner_busy" if "already" in str(exc) else "bad_batch", str(exc)) from None
        out = asdict(result)
        out["outcome"] = result.outcome.value
        return ScanReply.model_validate(out).model_dump(mode="json")

    def codes(_: ApiRequest) -> dict[str, object]:
        try:
            result = scanner.read_codes()
        except BadRequest as exc:
            raise ApiError(409, "scanner_busy", str(exc)) from None
        return CodesReply(codes=result.codes[:20], fault=result.fault or None,
                          citizen=result.citizen).model_dump(mode="json")  # fmt: skip

    def status(_: ApiRequest) -> dict[str, object]:
        h = scanner.device_health
        return {"state": h.state.value, "code": h.code, "reason": h.reason, "citizen": scanner.citizen_message(),
                "batches_kept": len(scanner.store.batches())}  # fmt: skip

    return [Route("POST", f"{base}/scans", scan), Route("POST", f"{base}/codes", codes),
            Route("GET", f"{base}/status", status)]  # fmt: skip
