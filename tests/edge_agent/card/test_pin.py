"""The PIN never shows itself."""

from __future__ import annotations

import pickle

import pytest

from edge_agent.card.errors import InvalidPin
from edge_agent.card.pin import Pin


def test_pin_is_masked_everywhere() -> None:
    pin = Pin("0740315")
    assert "0740315" not in repr(pin) and "0740315" not in str(pin) and "0740315" not in f"{pin}"
    with pytest.raises(TypeError):
        pickle.dumps(pin)


@pytest.mark.parametrize("text", ["", "12345", "123456789", "12a456", "１２３４５６", " 123456"])
def test_malformed_pins_are_refused_without_echoing_them(text: str) -> None:
    with pytest.raises(InvalidPin) as err:
        Pin(text)
    assert text.strip() == "" or text not in str(err.value)
