"""The agent's ``card`` component: the card service on the PC/SC reader, logging in through the hub over MQTT.

Local API (docs/agent-api.md): ``GET /v1/card`` (state), ``POST /v1/card/pin`` ``{"pin": "..."}``,
``POST /v1/card/logout``. Config: ``components: {card: {reader: "<PC/SC name>", poll_timeout: 0.2}}``.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from edge_agent.card.errors import CardError, InvalidPin, NoCard, PinBlocked, ReaderUnavailable, WrongPin
from edge_agent.card.ports import CardToken, HubSession, HubUnreachable, LoginRefused
from edge_agent.card.service import CardService, CardState, CardStatus
from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route
from wire import ComponentState
from wire.payloads.auth import (
    CardLoginRequest,
    CardLoginResponse,
    ChallengeRequest,
    ChallengeResponse,
    SessionEnd,
)
from wire.payloads.device import ComponentHealth

if TYPE_CHECKING:
    from edge_agent.agent import Agent
    from edge_agent.config import AgentConfig
    from firmware_config.schema import CardReaderBlock

HUB_TIMEOUT = 5.0


class AgentHubAuth:
    """``HubAuth`` over the agent's MQTT session: two requests to log in, a durable event to end."""

    def __init__(self, agent: Agent, timeout: float = HUB_TIMEOUT) -> None:
        self._agent = agent
        self._timeout = timeout

    def _ask(self, body: Any) -> Any:
        from edge_agent.agent import HubRefused, HubUnavailable

        try:
            return self._agent.request(body, timeout=self._timeout)
        except HubUnavailable as exc:
            raise HubUnreachable(exc.message) from None
        except HubRefused as exc:
            raise LoginRefused(exc.code, exc.message) from None

    def challenge(self, origin: str) -> str:
        reply = self._ask(ChallengeRequest())
        assert isinstance(reply, ChallengeResponse)
        return reply.nonce

    def login(self, token: CardToken) -> HubSession:
        reply = self._ask(
            CardLoginRequest(
                format=token.format,
                certificate=base64.b64encode(token.certificate).decode("ascii"),
                algorithm=token.algorithm,
                signature=base64.b64encode(token.signature).decode("ascii"),
                nonce=token.nonce,
                origin=token.origin,
            )
        )
        assert isinstance(reply, CardLoginResponse)
        if reply.refused is not None or reply.session is None or reply.idle_timeout_s is None:
            raise LoginRefused(reply.refused or "refused", reply.message)
        return HubSession(reply.session, reply.holder_name, reply.id_last4, reply.idle_timeout_s)

    def end_session(self, session: str, reason: str) -> None:
        self._agent.emit(SessionEnd(session=session, reason=reason))


def status_body(status: CardStatus) -> dict[str, Any]:
    body = asdict(status)
    body["state"] = status.state.value
    return body


def _card_error(exc: CardError) -> ApiResponse:
    http = {
        InvalidPin: 400,
        WrongPin: 401,
        PinBlocked: 423,
        NoCard: 409,
        ReaderUnavailable: 503,
    }.get(type(exc), 409)
    body: dict[str, Any] = {"error": exc.code, "message": exc.citizen_message, "detail": exc.message}
    if isinstance(exc, WrongPin):
        body["tries_left"] = exc.tries_left
    return ApiResponse(http, body)


class CardComponent:
    name = "card"

    def __init__(self, reader_name: str | None = None, poll_timeout: float = 0.2) -> None:
        self.reader_name = reader_name
        self.poll_timeout = poll_timeout
        self.service: CardService | None = None
        self.agent: Agent | None = None

    def start(self, agent: Agent) -> None:
        from edge_agent.card.reader import PcscReader

        self.agent = agent
        self.service = CardService(
            PcscReader(self.reader_name),
            AgentHubAuth(agent),
            origin=agent.config.device_id,
            poll_timeout=self.poll_timeout,
            on_change=lambda _status: agent.health_changed(),
        )
        self.service.start()

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()

    def health(self) -> ComponentHealth:
        if self.service is None:
            return ComponentHealth(state=ComponentState.ERROR, reason="not started")
        state = self.service.status().state
        if state is CardState.NO_READER:
            return ComponentHealth(
                state=ComponentState.ERROR, reason="card reader unavailable", code="unavailable"
            )
        return ComponentHealth(state=ComponentState.OK)

    def _service(self) -> CardService:
        if self.service is None:
            raise ApiError(503, "not_started", "the card component is not running")
        return self.service

    def get_status(self, _req: ApiRequest) -> Any:
        return status_body(self._service().status())

    def post_pin(self, req: ApiRequest) -> Any:
        body = req.body if isinstance(req.body, dict) else {}
        pin = body.get("pin")
        if not isinstance(pin, str) or set(body) != {"pin"}:
            raise ApiError(400, "invalid_body", 'send {"pin": "<6-8 digits>"} and nothing else')
        try:
            return status_body(self._service().submit_pin(pin))
        except CardError as exc:
            return _card_error(exc)
        except LoginRefused as exc:
            return ApiResponse(
                401,
                {"error": "login_refused", "reason": exc.reason, "message": "此卡片無法登入，請洽服務人員。"},
            )
        except HubUnreachable as exc:
            return ApiResponse(503, {"error": "hub_unavailable", "message": str(exc)})

    def post_logout(self, _req: ApiRequest) -> Any:
        service = self._service()
        service.logout()
        return status_body(service.status())

    def post_hub(self, req: ApiRequest) -> Any:
        """A hub request on behalf of the logged-in citizen: the agent adds the card session
        (``citizen_session``), which never leaves this agent for the kiosk."""
        from edge_agent.api import forward_to_hub

        service = self._service()
        session = service.session
        if session is None or service.status().state is not CardState.LOGGED_IN or self.agent is None:
            raise ApiError(409, "not_logged_in", "no citizen is logged in with a card on this kiosk")
        return forward_to_hub(self.agent, req, {"citizen_session": session.session})

    def routes(self) -> Sequence[Route]:
        return [
            Route("GET", "/v1/card", self.get_status),
            Route("POST", "/v1/card/pin", self.post_pin),
            Route("POST", "/v1/card/logout", self.post_logout),
            Route("POST", "/v1/card/hub/{request_type}", self.post_hub),
        ]


def build(settings: Mapping[str, Any], config: AgentConfig) -> CardComponent:
    """Factory for ``components: {card: {reader, poll_timeout}}`` (firmware_config's card_reader block)."""
    from edge_agent.devices.factories import parse_block
    from firmware_config.schema import CardReaderBlock

    return from_block(parse_block("card", CardReaderBlock, settings))


def from_block(block: CardReaderBlock) -> CardComponent:
    return CardComponent(block.reader, block.poll_timeout)
