"""Topic builders, parser and ACL rules of the wire contract."""

import pytest

from wire import Channel, TopicError, topics


def test_event_topic_round_trips_through_the_parser() -> None:
    topic = topics.event("tpe-xinyi", "kiosk-001", "kiosk.visit")
    assert topic == "onestop/v2/tpe-xinyi/kiosk-001/evt/kiosk-visit"
    address = topics.parse(topic)
    assert (address.site, address.device, address.channel, address.type, address.version) == (
        "tpe-xinyi",
        "kiosk-001",
        Channel.EVENT,
        "kiosk.visit",
        2,
    )
    assert address.topic == topic


def test_legacy_v1_topics_still_parse_and_round_trip_during_the_migration_window() -> None:
    """GIVEN an agent deployed before contract 2 THEN its dotted v1 topics parse to the same address, and
    the hub answers it on v1."""
    topic = topics.event("tpe-xinyi", "kiosk-001", "kiosk.visit", version=1)
    assert topic == "onestop/v1/tpe-xinyi/kiosk-001/evt/kiosk.visit"
    address = topics.parse(topic)
    assert (address.type, address.version) == ("kiosk.visit", 1)
    assert address.topic == topic
    assert topics.ack("s1", "d1", version=address.version) == "onestop/v1/s1/d1/ack"


def test_v2_topics_are_portable_no_dot_no_space_in_any_topic_or_filter() -> None:
    """NATS's MQTT gateway refuses '.' and ' ' in topics; RabbitMQ maps '.' to its own separator."""
    import wire.payloads  # noqa: F401  (registers every message type)
    from wire.enums import NAMED_CHANNELS
    from wire.registry import registered

    named = [(ch, name) for ch, name in registered() if ch in NAMED_CHANNELS]
    built = [topics.topic_for("tpe-xinyi", "kiosk-001", ch, name) for ch, name in named]
    built += [topics.state("s1", "d1"), topics.ack("s1", "d1")]
    built += topics.hub_subscriptions(shared=True, legacy=False)
    built += [f for _, f in topics.device_acl("s1", "d1", legacy=False)]
    assert len(named) > 20 and any("." in name for _, name in named)
    assert not [t for t in built if "." in t or " " in t]
    for ch, name in named:
        assert topics.parse(topics.topic_for("s1", "d1", ch, name)).type == name


def test_the_migration_window_can_be_closed() -> None:
    assert all("/v1/" not in f for f in topics.hub_subscriptions(legacy=False))
    assert any("/v1/" in f for f in topics.hub_subscriptions())
    assert all("/v1/" not in f for _, f in topics.device_acl("s1", "d1", legacy=False))


def test_state_and_ack_topics_have_no_type_level() -> None:
    assert topics.state("s1", "d1") == "onestop/v2/s1/d1/state"
    assert topics.ack("s1", "d1") == "onestop/v2/s1/d1/ack"
    with pytest.raises(TopicError, match="takes no further levels"):
        topics.parse("onestop/v2/s1/d1/state/extra")


@pytest.mark.parametrize(
    "topic",
    [
        "other/v1/s1/d1/state",
        "onestop/v3/s1/d1/state",
        "onestop/v2/s1/d1/evt/kiosk.visit",
        "onestop/v2/s1/d1/evt/kiosk--visit",
        "onestop/v2/s1/d1/evt/-kiosk",
        "onestop/v1/s1/d1",
        "onestop/v1/S1/d1/state",
        "onestop/v1/s1/d1/bogus",
        "onestop/v1/s1/d1/evt",
        "onestop/v1/s1/d1/evt/a/b",
        "onestop/v1/s1/d1/evt/Not-Valid",
        "onestop/v1/s1/a123456789/state",
    ],
)
def test_malformed_topics_are_refused_with_a_reason(topic: str) -> None:
    with pytest.raises(TopicError, match=r"topic"):
        topics.parse(topic)


@pytest.mark.parametrize("bad", ["", "A", "has/slash", "plus+", "hash#", "-lead", "x" * 64])
def test_device_ids_that_would_break_topics_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="device id"):
        topics.state("s1", bad)


def test_national_id_shaped_device_ids_are_refused() -> None:
    """GIVEN a device id that embeds something shaped like a national ID THEN it never becomes a topic."""
    with pytest.raises(ValueError, match="national ID"):
        topics.state("s1", "kiosk-f123456789")


def test_hub_subscriptions_cover_every_device_channel_and_can_be_shared() -> None:
    plain = topics.hub_subscriptions()
    shared = topics.hub_subscriptions(shared=True)
    assert all(f.startswith("$share/onestop-hub/onestop/v") for f in shared)
    for ch in (Channel.STATE, Channel.EVENT, Channel.TELEMETRY, Channel.REQUEST, Channel.COMMAND_ACK):
        for version in (1, 2):
            named = ch in (Channel.EVENT, Channel.TELEMETRY, Channel.REQUEST)
            sample = topics.topic_for("s", "d", ch, "x.y" if named else None, version=version)
            assert any(topics.matches(f, sample) for f in plain)
            assert any(topics.matches(f, sample) for f in shared)
    assert not any(topics.matches(f, topics.ack("s", "d")) for f in plain)


def test_device_acl_grants_only_the_devices_own_topics() -> None:
    rules = topics.device_acl("s1", "kiosk-001")
    writes = [f for access, f in rules if access == "write"]
    reads = [f for access, f in rules if access == "read"]
    assert any(topics.matches(f, topics.event("s1", "kiosk-001", "kiosk.visit")) for f in writes)
    assert not any(topics.matches(f, topics.event("s1", "kiosk-002", "kiosk.visit")) for f in writes)
    assert not any(topics.matches(f, topics.ack("s1", "kiosk-001")) for f in writes)
    assert any(topics.matches(f, topics.ack("s1", "kiosk-001")) for f in reads)
    assert not any(topics.matches(f, topics.ack("s1", "kiosk-002")) for f in reads)


@pytest.mark.parametrize(
    ("filter_", "topic", "expected"),
    [
        ("a/+/c", "a/b/c", True),
        ("a/+/c", "a/b/d", False),
        ("a/#", "a/b/c", True),
        ("a/#", "a", True),
        ("a/b", "a/b/c", False),
        ("$share/g/a/+", "a/x", True),
    ],
)
def test_matches(filter_: str, topic: str, expected: bool) -> None:
    assert topics.matches(filter_, topic) is expected


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ('{"national_id": "A123456789"}', '{"national_id": "A1****6789"}'),
        ("ids F223456789 and b187654321.", "ids F2****6789 and b1****4321."),
        (
            "01a1fd28a123456789bc78ed8a67f60e",
            "01a1fd28a123456789bc78ed8a67f60e",
        ),  # inside a hex id: not an ID
        ("A12345678", "A12345678"),  # too short
    ],
)
def test_national_ids_are_masked_in_diagnostic_text(text: str, masked: str) -> None:
    from wire.ids import mask_national_ids

    assert mask_national_ids(text) == masked
