"""A tiny synchronous MQTT client for broker tests: connect with a login, publish, collect messages."""

from __future__ import annotations

import queue
import threading
import uuid

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion


class Probe:
    def __init__(self, port: int, username: str, password: str, client_id: str | None = None) -> None:
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id or f"probe-{uuid.uuid4().hex[:8]}",
            protocol=mqtt.MQTTv311,
        )
        self.client.username_pw_set(username, password)
        self.port = port
        self.messages: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self.connected = threading.Event()
        self.answered = threading.Event()
        self.reason: object = None
        self.disconnected = threading.Event()
        self.client.on_connect = self._on_connect
        self.client.on_message = lambda c, u, m: self.messages.put((m.topic, m.payload))
        self.client.on_disconnect = lambda *a: self.disconnected.set()

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        self.reason = reason_code
        if not reason_code.is_failure:
            self.connected.set()
        self.answered.set()

    def connect(self, timeout: float = 5.0) -> bool:
        """True if the broker accepted the login."""
        self.client.connect("127.0.0.1", self.port, keepalive=30)
        self.client.loop_start()
        if not self.answered.wait(timeout):
            raise TimeoutError("no CONNACK")
        return self.connected.is_set()

    def subscribe(self, filter_: str) -> None:
        done = threading.Event()
        self.client.on_subscribe = lambda *a: done.set()
        self.client.subscribe(filter_, qos=1)
        assert done.wait(5), "no SUBACK"

    def publish(self, topic: str, payload: bytes) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(5)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
