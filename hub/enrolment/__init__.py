"""Public kindergarten enrolment (seeds 000 and 003): rules, RFC 3797 lottery, check-in and waitlist.

The pure core lives in ``rules/``, ``lottery/``, ``checkin.py`` and ``service.py``; importing the package also
registers the tables (``models``), the kiosk request handlers (``handlers``) and the HTTP ``router``
(``/api/v1/enrolment``).
"""

from hub.enrolment import handlers, models
from hub.enrolment.api import router

__all__ = ["handlers", "models", "router"]
