"""The pick-up e2e test uses the hub's case fixtures (app client, staff tokens, sessions)."""

from tests.hub.cases.conftest import client, counter_auth, make_token  # noqa: F401
from tests.hub.conftest import hub_engine, sessions  # noqa: F401
