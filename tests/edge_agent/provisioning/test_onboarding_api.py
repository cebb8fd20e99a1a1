"""The unprovisioned device's local API: the kiosk reads the code to show from the agent's usual address."""

import json
import urllib.error
import urllib.request

from edge_agent.provisioning.enrolment import Shown
from edge_agent.provisioning.onboarding_api import OnboardingApi
from wire import DeviceKind
from wire.onboarding import Onboarding


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_status_then_code_once_issued():
    api = OnboardingApi("kiosk-1", "kiosk").start()
    try:
        assert _get(f"{api.url}/v1/status") == (
            200,
            {"device": "kiosk-1", "kind": "kiosk", "provisioned": False, "online": False},
        )
        status, body = _get(f"{api.url}/v1/provisioning/onboarding")
        assert status == 404 and "waiting for the hub" in body["message"]
        onboarding = Onboarding("kiosk-1", DeviceKind.KIOSK, "0123456789")
        api.show(Shown(onboarding, 1_900_000_000_000))
        status, body = _get(f"{api.url}/v1/provisioning/onboarding")
        assert status == 200
        assert body == {
            "device_id": "kiosk-1",
            "qr_text": onboarding.qr_text(),
            "manual_code": onboarding.manual_code,
            "expires_at": 1_900_000_000_000,
        }
        assert _get(f"{api.url}/v1/printer/jobs")[0] == 404
        assert api.url.startswith("http://127.0.0.1:")
    finally:
        api.stop()
