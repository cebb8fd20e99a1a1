"""Provisioning contract: enrolment HTTP bodies and config push (the onboarding records: wire/onboarding.py)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from wire.enums import Channel, DeviceKind
from wire.ids import check_site_id
from wire.onboarding import Onboarding, OnboardingError, parse_manual_code
from wire.registry import Payload, payload


# --- HTTP bodies between agent, technician tool and hub ---------------------------------------------------
class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


DeviceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62})$")]
Hex64 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class EnrolRequest(_Body):
    """An unprovisioned agent asks the hub for a claim code; it keeps the secret behind ``pickup_hash``."""

    device_id: DeviceId
    kind: DeviceKind
    version: Annotated[str, StringConstraints(max_length=32)] = ""
    pickup_hash: Hex64  # sha256 hex of the agent's random pickup secret


class EnrolTicket(_Body):
    """The hub's answer: the claim code to show and when it expires (epoch ms)."""

    device_id: DeviceId
    claim_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")]
    expires_at: int


class IssuedCredentials(_Body):
    """Handed to the agent once, after a technician claimed it: where to connect and as whom."""

    device_id: DeviceId
    site: str
    counter: str = ""
    broker_url: str
    username: str
    password: str


class ClaimRequest(_Body):
    """A technician claims a device for a site and counter with its QR text or its id + manual code."""

    qr: Annotated[str, StringConstraints(max_length=200)] | None = None
    device_id: DeviceId | None = None
    manual_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    site: str
    counter: Annotated[str, StringConstraints(max_length=63)] = ""

    def onboarding_claim(self) -> tuple[str, str]:
        """(device id, claim code) from whichever form was given; OnboardingError if neither is usable."""
        check_site_id(self.site)
        if self.qr is not None:
            ob = Onboarding.from_qr_text(self.qr)
            return ob.device_id, ob.claim_code
        if self.device_id is None or self.manual_code is None:
            raise OnboardingError(
                "give the QR text, or the device id and the manual code shown on its screen"
            )
        return self.device_id, parse_manual_code(self.manual_code)


class ClaimResult(_Body):
    device_id: DeviceId
    kind: DeviceKind
    site: str
    counter: str
    username: str
    reprovisioned: bool  # true when the device had credentials before (now revoked)


# --- MQTT: versioned configuration push ------------------------------------------------------------------
@payload(Channel.COMMAND, "config.apply")
class ConfigApply(Payload):
    """Apply this device configuration (validated firmware_config YAML as JSON) and report ``version``."""

    version: Annotated[int, Field(ge=1)]
    config: dict[str, Any]


@payload(Channel.REQUEST, "config.sync")
class ConfigSync(Payload):
    """Sent by a device on every connect: the config version it runs; the hub answers with what it should run."""

    version: Annotated[int, Field(ge=0)]


@payload(Channel.RESPONSE, "config.sync")
class ConfigDesired(Payload):
    """The desired version; ``config`` is set only when the device is behind (an offline device catches up)."""

    version: Annotated[int, Field(ge=0)]
    config: dict[str, Any] | None = None


@payload(Channel.EVENT, "config.applied")
class ConfigApplied(Payload):
    """The device now runs ``version`` (durable: the hub learns it even if the device goes offline at once)."""

    version: Annotated[int, Field(ge=0)]


@payload(Channel.COMMAND, "config.reread")
class ConfigReread(Payload):
    """Ask the device to ask the hub for its desired configuration again (``config.sync``)."""


@payload(Channel.COMMAND, "agent.restart")
class AgentRestart(Payload):
    """Restart the agent process (systemd starts it again); the cmdack is sent before it goes."""


@payload(Channel.COMMAND, "device.test_print")
class PrintTestPage(Payload):
    """Print a test page on a printer component of the device."""

    component: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")] = "receipt_printer"
