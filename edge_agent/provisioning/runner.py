"""Start an agent the provisioned way: advertise and enrol while unprovisioned, then run with the issued login.

``onestop agent run --provision --config agent.yaml [--hub URL]`` is what the systemd unit runs;
``... reset --config agent.yaml`` is the factory reset (forget login and config; a new code on next start).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from discovery import Advertiser, Browser
from edge_agent.config import AgentConfig
from edge_agent.mqtt_session import AGENT_VERSION
from edge_agent.provisioning.component import ProvisioningComponent
from edge_agent.provisioning.enrolment import Enroller, EnrolmentError, Shown
from edge_agent.provisioning.onboarding_api import OnboardingApi
from edge_agent.provisioning.store import Provisioned, ProvisioningStore, apply_to
from wire.onboarding import Advertisement, Role

log = logging.getLogger(__name__)


def find_hub(
    timeout: float = 10.0, interfaces: list[str] | None = None, hub_id: str | None = None
) -> str | None:
    """The first hub advertised on the network (or the one named ``hub_id``) as ``http://addr:port``."""
    with Browser(interfaces=interfaces) as browser:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for found in browser.snapshot():
                if found.ad.role is Role.HUB and found.addresses and hub_id in (None, found.ad.id):
                    return f"http://{found.addresses[0]}:{found.port}"
            time.sleep(0.2)
    return None


def print_onboarding(shown: Shown) -> None:
    import qrcode

    qr = qrcode.QRCode(border=1)
    qr.add_data(shown.onboarding.qr_text())
    qr.print_ascii(invert=True)
    print(
        f"Device {shown.onboarding.device_id}: scan the code above, or type manual code "
        f"{shown.onboarding.manual_code}",
        flush=True,
    )


def ensure_provisioned(
    config: AgentConfig,
    *,
    hub_url: str | None = None,
    interfaces: list[str] | None = None,
    show: Callable[[Shown], None] | None = None,
    poll_interval: float = 1.0,
    timeout: float | None = None,
    advertise_ttl: int = 30,
    serve_api: bool = True,
    hub_id: str | None = None,
) -> Provisioned | None:
    """The stored provisioning, or enrol and wait to be claimed.

    Meanwhile the device advertises itself as unprovisioned and (``serve_api``) answers the kiosk on the
    agent's local API address with the code to show (``OnboardingApi``).
    """
    store = ProvisioningStore(config.data_dir)
    state = store.load()
    if state is not None:
        return state
    ad = Advertisement(Role.AGENT, config.device_id, config.kind.value, "", 0, provisioned=False)
    api = (
        OnboardingApi(config.device_id, config.kind.value, config.api.host, config.api.port)
        if serve_api
        else None
    )
    if api is not None:
        api.start()
    try:
        with Advertiser(ad, config.api.port or 1, interfaces=interfaces, ttl=advertise_ttl):
            url = hub_url or find_hub(interfaces=interfaces, hub_id=hub_id)
            if url is None:
                raise EnrolmentError("no hub advertises itself on this network; give its URL with --hub")

            def _show(shown: Shown) -> None:
                if api is not None:
                    api.show(shown)
                (show or print_onboarding)(shown)

            return Enroller(
                url, config.device_id, config.kind, store, show=_show, poll_interval=poll_interval
            ).wait(timeout)
    finally:
        if api is not None:
            api.stop()  # the agent's own API takes the address over


def build_provisioned(
    config: AgentConfig,
    state: Provisioned,
    *,
    interfaces: list[str] | None = None,
    advertise_ttl: int = 30,
    **component_options: Any,
) -> tuple[Any, Advertiser]:
    """The agent with its issued login and components, and its (not yet started) provisioned advertisement.

    The advertisement's TXT ``cfg`` follows every config the agent applies.
    """
    from edge_agent.agent import Agent

    ad = Advertisement(
        Role.AGENT, config.device_id, config.kind.value, AGENT_VERSION, state.config_version, provisioned=True
    )
    advertiser = Advertiser(ad, config.api.port or 1, interfaces=interfaces, ttl=advertise_ttl)

    def on_version(version: int) -> None:
        advertiser.update(replace(advertiser.ad, config_version=version))

    agent = Agent(apply_to(config, state))
    agent.add_configured_components()
    component = ProvisioningComponent(
        ProvisioningStore(config.data_dir), on_version=on_version, **component_options
    )
    agent.add_component(component)
    return agent, advertiser
