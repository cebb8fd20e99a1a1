"""Card login end to end: emulator → pcscd/vpcd → agent (pyscard, local API) → Mosquitto → hub → database.

Also the privacy check of issue 3: every log record, the broker's log, pcscd's log, every MQTT message of
the run, the hub database and the agent's outbox are scanned for the PIN and the full national ID.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from onestop.dev.card_rig import CardLoginRig
from onestop.dev.fixtures import DevPkiFiles, InsertCard
from onestop.dev.pcsc import PrivatePcscd
from onestop.dev.waiting import seconds_until, wait_until
from wire import topics

pytestmark = pytest.mark.mosquitto
pytest.importorskip("smartcard")


class Sniffer:
    """Records every MQTT message on the broker (topic and payload)."""

    def __init__(self, port: int) -> None:
        self.messages: list[tuple[str, bytes]] = []
        self._lock = threading.Lock()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="sniffer")
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        self.client.subscribe(f"{topics.ROOT}/#", qos=1)
        self.client.loop_start()

    def _on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        with self._lock:
            self.messages.append((msg.topic, bytes(msg.payload)))

    def stop(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def rig(pcscd: PrivatePcscd, dev_pki: DevPkiFiles, tmp_path: Path) -> Iterator[CardLoginRig]:
    with CardLoginRig(
        tmp_path / "rig", pcscd.reader_name, dev_pki.files["trust_anchors"], dev_pki.files["crl"]
    ) as rig:
        yield rig


def test_login_then_removal_closes_the_hub_session_and_nothing_leaks(
    rig: CardLoginRig,
    insert_card: InsertCard,
    dev_pki: DevPkiFiles,
    pcscd: PrivatePcscd,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert rig.broker is not None
    sniffer = Sniffer(rig.broker.port)
    try:
        card = insert_card("valid")
        wait_until(lambda: rig.card_status()["state"] == "ready")
        shown = rig.card_status()
        assert (shown["holder_name"], shown["id_last4"], shown["tries_left"]) == ("王小明", "6789", 3)
        status, body = rig.call("POST", "/v1/card/pin", {"pin": dev_pki.pin("valid")})
        assert status == 200 and body["state"] == "logged_in", body
        assert rig.hub_sessions() == [("kiosk-001", None)]
        card.remove()
        elapsed = seconds_until(lambda: rig.hub_sessions() == [("kiosk-001", "card_removed")], timeout=2.0)
        assert rig.card_status()["state"] == "empty" and rig.card_status()["holder_name"] is None
        print(f"card pulled -> hub session closed in {elapsed * 1000:.0f} ms")
        wait_until(lambda: len(sniffer.messages) >= 6, timeout=2.0)
    finally:
        sniffer.stop()

    citizen = dev_pki.pki.citizens["valid"]
    pin, national_id = citizen.pin, citizen.national_id
    pin_block_hex = pin.encode().hex()
    needles = [
        pin.encode(),
        national_id.encode(),
        national_id.lower().encode(),
        pin_block_hex.encode(),
        pin_block_hex.upper().encode(),
        base64.b64encode(pin.encode()).rstrip(b"="),
    ]
    haystacks: dict[str, bytes] = {f"mqtt {t}": p + t.encode() for t, p in sniffer.messages}
    haystacks["log records"] = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    ).encode()
    assert rig.broker is not None
    for path in [rig.broker.dir / "mosquitto.log", pcscd.log_path, *rig.workdir.rglob("*")]:
        if path.is_file():
            haystacks[str(path)] = path.read_bytes()
    assert any(t.endswith("/req/auth.card") for t, _ in sniffer.messages)  # the token did go over MQTT
    assert any(b"auth.session_end" in p for _, p in sniffer.messages)
    for where, data in haystacks.items():
        for needle in needles:
            assert needle not in data, f"{needle!r} found in {where}"


def test_wrong_pins_tell_tries_left_then_the_card_blocks(
    rig: CardLoginRig, insert_card: InsertCard, dev_pki: DevPkiFiles
) -> None:
    insert_card("valid2")
    wait_until(lambda: rig.card_status()["state"] == "ready")
    status, body = rig.call("POST", "/v1/card/pin", {"pin": "000000"})
    assert (status, body["error"], body["tries_left"]) == (401, "wrong_pin", 2)
    assert "2" in body["message"]
    status, body = rig.call("POST", "/v1/card/pin", {"pin": "000000"})
    assert (status, body["tries_left"]) == (401, 1)
    status, body = rig.call("POST", "/v1/card/pin", {"pin": "000000"})
    assert (status, body["error"]) == (423, "pin_blocked")
    assert "戶政事務所" in body["message"]
    assert rig.card_status()["state"] == "blocked"
    status, body = rig.call("POST", "/v1/card/pin", {"pin": dev_pki.pin("valid2")})
    assert (status, body["error"]) == (423, "pin_blocked")
    assert rig.hub_sessions() == []


def test_a_revoked_card_is_refused_by_the_hub_with_its_reason(
    rig: CardLoginRig, insert_card: InsertCard, dev_pki: DevPkiFiles
) -> None:
    insert_card("revoked")
    wait_until(lambda: rig.card_status()["state"] == "ready")
    status, body = rig.call("POST", "/v1/card/pin", {"pin": dev_pki.pin("revoked")})
    assert (status, body["error"], body["reason"]) == (401, "login_refused", "certificate_revoked")
    assert rig.card_status()["state"] == "ready"
    assert rig.hub_sessions() == []


def test_malformed_pin_request_is_400_and_uses_no_try(rig: CardLoginRig, insert_card: InsertCard) -> None:
    insert_card("valid")
    wait_until(lambda: rig.card_status()["state"] == "ready")
    assert rig.call("POST", "/v1/card/pin", {"pin": "12"})[0] == 400
    assert rig.call("POST", "/v1/card/pin", {"pin": 123456})[0] == 400
    assert rig.call("POST", "/v1/card/pin", {"pin": "123456", "x": 1})[0] == 400
    assert rig.card_status()["tries_left"] == 3
