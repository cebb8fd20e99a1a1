"""The keypad's local API routes: status, and a prompt refused clearly when the keypad is not connected."""

from __future__ import annotations

import pytest

from edge_agent.devices.keypad.core import KeypadSettings
from edge_agent.devices.keypad.service import RatingKeypad
from edge_agent.routes import ApiError
from tests.edge_agent.devices.routing import call, router_for
from wire.payloads.ratings import RatingButton


def keypad() -> RatingKeypad:
    return RatingKeypad("/nonexistent/tty", KeypadSettings("c03", dict(enumerate(RatingButton, start=1))))


def test_status_names_the_counter() -> None:
    status = call(router_for(keypad()), "GET", "/v1/keypad/status")
    assert (status["state"], status["code"], status["counter"]) == ("error", "unavailable", "c03")


def test_prompt_without_a_keypad_is_a_503_and_a_bad_body_a_400() -> None:
    router = router_for(keypad())
    with pytest.raises(ApiError) as err:
        call(router, "POST", "/v1/keypad/prompt", {"counter": "c03", "prompt": "abcdef12"})
    assert err.value.status == 503 and "not connected" in err.value.message
    with pytest.raises(ApiError) as err:
        call(router, "POST", "/v1/keypad/prompt", {"counter": "c03", "prompt": "not hex"})
    assert err.value.status == 400
    with pytest.raises(ApiError) as err:
        call(router, "POST", "/v1/keypad/prompt", {"counter": "c99", "prompt": "abcdef12"})
    assert err.value.status == 400 and "serves c03" in err.value.message
