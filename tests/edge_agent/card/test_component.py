"""The card component's factory and its local API answers (fake reader and hub; no MQTT)."""

from __future__ import annotations

from typing import Any

import pytest

from edge_agent.card.component import CardComponent, build
from edge_agent.card.service import CardService
from edge_agent.components import load_factory
from edge_agent.routes import ApiError, ApiRequest, ApiResponse
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
    assert [r.path for r in comp.routes()] == ["/v1/card", "/v1/card/pin", "/v1/card/logout",
                                               "/v1/card/hub/{request_type}"]  # fmt: skip


class RecordingAgent:
    """The one agent method the card route uses: ``request`` (what would go to the hub over MQTT)."""

    def __init__(self) -> None:
        self.sent: list[Any] = []

    def request(self, body: Any, timeout: float = 5.0) -> Any:
        self.sent.append(body)
        return {"ok": True}


def test_a_hub_request_with_the_card_session_added_by_the_agent(
    component: tuple[CardComponent, FakeReader, SignatureCheckingHub], dev_pki: DevPkiFiles
) -> None:
    """GIVEN the card component WHEN the kiosk sends enrolment.register through /v1/card/hub/… THEN it is
    refused until a citizen is logged in, then sent with that login's session (which the kiosk never saw);
    a request type that has no session field is refused; after logout it is refused again (issue 18,
    defect 9)."""
    comp, _, _ = component
    agent = RecordingAgent()
    comp.agent = agent  # type: ignore[assignment]
    body = {"kindergarten": "KG001", "national_id": "A123456789", "birth": "2021-03-04",
            "category": "na_low_income", "phone": "0912345678"}  # fmt: skip

    def send(request_type: str, payload: Any) -> Any:
        req = ApiRequest("POST", f"/v1/card/hub/{request_type}", body=payload,
                         params={"request_type": request_type})  # fmt: skip
        return comp.post_hub(req)

    with pytest.raises(ApiError) as refused:
        send("enrolment.register", body)
    assert refused.value.status == 409 and refused.value.code == "not_logged_in" and agent.sent == []
    assert _pin(comp, {"pin": dev_pki.pin("valid")})["state"] == "logged_in"
    assert send("enrolment.register", body) == {"ok": True}
    (sent,) = agent.sent
    assert comp.service is not None and comp.service.session is not None
    assert sent.citizen_session == comp.service.session.session and sent.category == "na_low_income"
    assert sent.phone == "0912345678"
    with pytest.raises(ApiError) as no_field:
        send("service.catalogue", {"known_version": 0})
    assert no_field.value.status == 400 and no_field.value.code == "no_session_field"
    comp.post_logout(ApiRequest("POST", "/v1/card/logout"))
    with pytest.raises(ApiError):
        send("enrolment.register", body)
    assert len(agent.sent) == 1
