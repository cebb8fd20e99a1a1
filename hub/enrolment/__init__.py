"""Public kindergarten enrolment (seeds 000 and 003): rules, RFC 3797 lottery, check-in and waitlist.

The pure core lives in ``rules/``, ``lottery/``, ``checkin.py`` and ``service.py``; importing the package also
registers the tables (``models``), the kiosk request handlers (``handlers``, ``kiosk``) and the HTTP ``router``:
the API (``/api/v1/enrolment``) and the public live board page with its event stream (``web``).
"""

from fastapi import APIRouter

from hub.enrolment import api, models, mqtt, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["models", "mqtt", "router"]
