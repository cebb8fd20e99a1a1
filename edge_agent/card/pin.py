"""The PIN as a secret value: checked, turned into the VERIFY block, never shown in a repr, log or error."""

from __future__ import annotations

from edge_agent.card.errors import InvalidPin

PIN_MIN, PIN_MAX = 6, 8
PIN_BLOCK_LENGTH = 8


class Pin:
    """A citizen's card PIN. ``str()``/``repr()`` are masked; only ``block()`` reveals it, for the card."""

    __slots__ = ("_digits",)

    def __init__(self, digits: str) -> None:
        if not isinstance(digits, str) or not (
            digits.isascii() and digits.isdigit() and PIN_MIN <= len(digits) <= PIN_MAX
        ):
            raise InvalidPin(f"the PIN must be {PIN_MIN} to {PIN_MAX} digits")
        self._digits = digits

    def block(self) -> bytes:
        """ASCII digits padded with FF to 8 bytes, the VERIFY data field."""
        return self._digits.encode("ascii").ljust(PIN_BLOCK_LENGTH, b"\xff")

    def __repr__(self) -> str:
        return "Pin(******)"

    __str__ = __repr__

    def __reduce__(self) -> str:
        raise TypeError("a PIN cannot be pickled")
