"""Every message body of the contract, one module per subject; importing this registers them all."""

from wire.payloads import device, visits
from wire.payloads import documents, ratings  # noqa: F401  (issue 4: scanner, printer, keypad)
from wire.payloads import provisioning  # noqa: F401  (issue 8: onboarding, discovery, config push)
from wire.payloads import cases  # noqa: F401  (issue 5: kiosk-opened cases)
from wire.payloads import requests  # noqa: F401  (issue 2: hub clock, request errors)
from wire.payloads import auth  # noqa: F401  (issue 3: card login challenge, token, session end)
from wire.payloads import enrolment  # noqa: F401  (issue 9: kindergarten live board and results at the kiosk)
from wire.payloads import kiosk  # noqa: F401  (issue 6: the service catalogue as the kiosk shows it)

__all__ = ["device", "visits"]
