"""Forms library tests use the case fixtures (app client, staff tokens)."""

from tests.hub.cases.conftest import client, counter_auth, make_token  # noqa: F401
