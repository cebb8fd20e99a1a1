"""The AMQP path's pure parts: settings refuse bad node URLs, and MQTT filters map to RabbitMQ's routing keys."""

from __future__ import annotations

import pytest

from hub.core.config import Settings, parse_amqp_urls
from hub.ingest.amqp import binding_key, mqtt_to_routing_key, routing_key_to_mqtt
from wire import topics


def test_node_urls_split_on_commas_and_spaces() -> None:
    urls = parse_amqp_urls("amqp://h:p@10.0.0.11:5672/%2F, amqp://h:p@10.0.0.12:5672/%2F")
    assert urls == ["amqp://h:p@10.0.0.11:5672/%2F", "amqp://h:p@10.0.0.12:5672/%2F"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "no AMQP URL"),
        ("mqtt://127.0.0.1:1883", "must look like amqp://"),
        ("amqp://127.0.0.1:99999/%2F", "invalid port"),
        ("amqp://:5672", "must look like amqp://"),
    ],
)
def test_a_bad_node_url_is_refused_saying_which(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_amqp_urls(text)
    with pytest.raises(ValueError, match=says):
        Settings(amqp_urls=text)


def test_topics_and_routing_keys_map_both_ways_like_rabbitmqs_mqtt_plugin() -> None:
    v2 = topics.event("site-a", "kiosk-01", "kiosk.visit")
    assert mqtt_to_routing_key(v2) == "onestop.v2.site-a.kiosk-01.evt.kiosk-visit"
    v1 = topics.event("site-a", "kiosk-01", "kiosk.visit", version=1)
    assert (
        mqtt_to_routing_key(v1) == "onestop.v1.site-a.kiosk-01.evt.kiosk/visit"
    )  # the plugin swaps '.' and '/'
    for topic in (v1, v2):
        assert routing_key_to_mqtt(mqtt_to_routing_key(topic)) == topic


def test_the_queue_binds_what_the_hub_subscribes_to_and_not_what_it_publishes() -> None:
    keys = [binding_key(f) for f in topics.hub_subscriptions(legacy=False)]
    assert "onestop.v2.*.*.evt.#" in keys
    assert not any(".ack" in k or ".cmd." in k for k in keys)
