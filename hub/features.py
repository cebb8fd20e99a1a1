"""The hub's features, imported at start-up.

Importing a feature module registers its MQTT handlers (``hub.ingest.handlers``) and its tables
(``hub.db.base.Base``). Optional module attributes: ``router`` (a FastAPI APIRouter, mounted by the app),
``public_router`` (citizens' hot read routes, mounted before every feature's ``router``: FastAPI matches routes
in order, walking each included router, so a late route pays for every earlier one),
``bind_app(app)`` (called by ``create_app`` after mounting), ``register_cli(hub_subparsers)``, and
``background`` (a sequence of ``hub.background.BackgroundTask``, started by ``onestop hub serve`` after
migrations in this order and stopped in reverse). Add one line per feature.
"""

import importlib
from types import ModuleType

FEATURES: tuple[str, ...] = (
    "hub.devices",  # device state, sequence gaps, dead letters, commands
    "hub.provisioning",  # claim codes, per-device broker logins, config push, fleet page (issue 8)
    "hub.staff",  # staff accounts, roles, bearer tokens, require_role, audit log (issue 5)
    "hub.forms_library",  # forms library: 23 categories, versions, staff upload with preview, push to agents (issue 15)
    "hub.catalogue",  # service catalogue: YAML seed + staff edits, GET /api/v1/services (issue 5)
    "hub.cases",  # cases, deadlines, progress query, 1999 look-up, SLA report; migrations for issue 5 (issue 5)
    "hub.notify",  # notification outbox, SMTP and SMS senders (issue 5)
    "hub.payments",  # payment slips and settlement import (issue 5)
    "hub.documents",  # returned scanned pages by content hash (issue 5)
    "hub.web",  # staff web pages and the public progress page (issue 5)
    "hub.enrolment",  # kindergarten enrolment: registration, RFC 3797 lottery, check-in, live board (issue 9)
    "hub.auth",  # citizen card login (Web eID-style tokens), citizen sessions, light identification (issue 3)
    "hub.fines",  # fines register: agencies' import, kiosk and online look-up, settlement closes them (issue 17)
    "hub.faq",  # FAQ per agency and service, bigram full-text search (FTS5 / PostgreSQL GIN), staff edits (issue 17)
    "hub.pickup",  # document pick-up by MMS code at the chosen office, read at the counter, handed over once (issue 17)
    "hub.jobs",  # job vacancies: stations' daily CSV import, browsed by township (issue 17)
    "hub.ratings",  # counter rating keypads: prompts, attribution, live alarms (SSE + buzzer), statistics (issue 7)
    "hub.counter",  # counter toolkit: calculators, numbered documents, A4 printing at the counter (issue 14)
    "hub.scans",  # counter scans through the agent: scanner.scan command, pages back as document.page (issue 16)
    "hub.seals",  # seal and signature records, aligned comparison with score, staff decision (issue 16)
    "hub.archive",  # application-image archive: scans, search, certified copies, cross-office requests (issue 16)
    "hub.nplus_e",  # N+e cross-agency notices: consent, signed daily batch per agency, SFTP/HTTPS delivery (issue 16)
)


def load_features() -> list[ModuleType]:
    return [importlib.import_module(name) for name in FEATURES]
