"""The card component's factory and its local API answers (fake reader and hub; no MQTT)."""

from __future__ import annotations

from typing import Any

import pytest

from edge_agent.card.component import CardComponent, build
from edge_agent.card.service import CardService
from edge_agent.components import load_factory
from edge_agent.routes import ApiRequest, ApiResponse
from onestop.dev.fixtures import DevPkiFiles
from tests.edge_agent.card.fakes import FakeReader, SignatureCheckingHub


def test_factory_is_registered_and_validates_settings() -> None:
    assert load_factory("card") is build
    assert build({}, None).reader_name is None  # type: ignore[arg-type]
    assert build({"reader": "R 00 00", "poll_timeout": 0.1}, None).poll_timeout == 0.1  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown setting"):
        build({"raeder": "x"}, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="poll_timeout"):
        build({"poll_timeout": 9}, None)  # type: ignore[arg-type]


@pytest.fixture
def component(dev_pki: DevPkiFiles) -> tuple[CardComponent, FakeReader, SignatureCheckingHub]:
    reader, hub = FakeReader(), SignatureCheckingHub()
    comp = CardComponent()
    comp.service = CardService(reader, hub, origin="kiosk-001")
    comp.service.step()
    reader.insert(dev_pki.applet("valid"))
    comp.service.step()
    return comp, reader, hub


def _pin(comp: CardComponent, body: Any) -> Any:
    return comp.post_pin(ApiRequest("POST", "/v1/card/pin", body=body))


def test_api_answers(
    component: tuple[CardComponent, FakeReader, SignatureCheckingHub], dev_pki: DevPkiFiles
) -> None:
    comp, _, hub = component
    assert comp.get_status(ApiRequest("GET", "/v1/card"))["state"] == "ready"
    wrong = _pin(comp, {"pin": "000000"})
    assert isinstance(wrong, ApiResponse) and wrong.status == 401 and wrong.body["tries_left"] == 2
    assert "000000" not in str(wrong.body)
    ok = _pin(comp, {"pin": dev_pki.pin("valid")})
    assert ok["state"] == "logged_in"
    assert comp.post_logout(ApiRequest("POST", "/v1/card/logout"))["state"] == "ready"
    hub.refuse_with = "certificate_revoked"
    refused = _pin(comp, {"pin": dev_pki.pin("valid")})
    assert refused.status == 401 and refused.body["reason"] == "certificate_revoked"
    assert [r.path for r in comp.routes()] == ["/v1/card", "/v1/card/pin", "/v1/card/logout"]
