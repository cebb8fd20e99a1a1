"""Every message body of the contract, one module per subject; importing this registers them all."""

from wire.payloads import device, visits
from wire.payloads import documents, ratings  # noqa: F401  (issue 4: scanner, printer, keypad)
from wire.payloads import cases  # noqa: F401  (issue 5: kiosk-opened cases)

__all__ = ["device", "visits"]
