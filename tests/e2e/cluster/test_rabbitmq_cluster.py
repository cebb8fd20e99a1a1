"""The backbone on a clustered broker: three RabbitMQ nodes (MQTT plugin, quorum queues) started on free ports.

One cluster serves the module (it takes 20-50 s to boot, one node after the other); it boots in the
background from the end of collection (conftest.py), while the tests before this module run. The deployed logins
first; then the same agent (fleet simulator) and hub as on Mosquitto: the backbone's broker-SIGKILL scenario
on one node (which starts it again), then two hubs as competing consumers of the cluster's ingest queue while
the node holding that queue's leader and one hub's connection is SIGKILLed. That order needs no node restart
between tests (a restart costs ~20 s); pytest keeps the file's order. Why RabbitMQ and not NATS:
onestop/broker_cluster.py.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from hub.db.session import make_engine
from onestop.broker_cluster import RABBITMQ_SERVER, RabbitCluster
from onestop.dev.waiting import wait_until
from tests.e2e.backbone.test_broker_kill import assert_broker_sigkill_stores_each_event_once
from tests.e2e.cluster.early import release, take_early_cluster
from tests.hub.serving import HubProcess, hub_stats, start_fleet, stop_all
from tests.hub.test_serve import stored

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RabbitCluster]:
    """The cluster booting since collection (conftest.py), or one booted now."""
    if not RABBITMQ_SERVER.exists():
        pytest.fail("rabbitmq-server is not installed: run scripts/setup")
    early = take_early_cluster()
    if early is not None:
        try:
            early.wait_started()
            yield early
        finally:
            release(early)
        return
    rabbit = RabbitCluster(3, workdir=tmp_path_factory.mktemp("rabbit"))
    try:
        rabbit.start()
        yield rabbit
    finally:
        rabbit.stop()


@pytest.fixture
def healthy(cluster: RabbitCluster) -> RabbitCluster:
    """Every node up (a test before may have killed one)."""
    for node in cluster.nodes:
        if not node.running:
            cluster.start_node(node.index)
    return cluster


class NodeBroker:
    """One cluster node with the face of ``onestop.processes.Mosquitto`` (url, kill, start)."""

    def __init__(self, cluster: RabbitCluster, index: int) -> None:
        self.cluster, self.index = cluster, index

    @property
    def url(self) -> str:
        return self.cluster.nodes[self.index].mqtt_url

    def kill(self) -> None:
        self.cluster.kill(self.index)

    def start(self) -> NodeBroker:
        self.cluster.start_node(self.index)
        return self


def test_deployed_logins_confine_a_device_to_its_own_topics(healthy: RabbitCluster) -> None:
    """GIVEN deploy/rabbitmq/users.sh run for a hub login and a device login on the cluster
    WHEN the device publishes on its own event topic and on another device's
    THEN only its own arrives (the broker drops the device's connection for the other), a wrong password
    is refused, and the hub login may declare the ingest queue but no other queue."""
    import subprocess

    import paho.mqtt.client as mqtt
    import pika
    import pika.exceptions
    from paho.mqtt.enums import CallbackAPIVersion

    from onestop.broker_cluster import RABBITMQCTL
    from wire import topics

    node = healthy.nodes[1]
    script = Path(__file__).resolve().parents[3] / "deploy" / "rabbitmq" / "users.sh"
    env = {**healthy._env(node), "RABBITMQCTL": str(RABBITMQCTL)}
    runs = [  # side by side: each of its rabbitmqctl calls starts an Erlang VM (seconds on a loaded machine)
        subprocess.Popen(
            ["bash", str(script), kind, user, password],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind, user, password in (
            ("device", "kiosk-777", "kiosk-secret-1"),
            ("hub", "onestop-hub", "hub-secret-1"),
        )
    ]
    for run in runs:
        _out, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
    bad = subprocess.run(["bash", str(script), "admin", "x", "y"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "hub or device" in bad.stderr

    seen: list[str] = []
    watcher = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="watcher", protocol=mqtt.MQTTv311)
    watcher.on_message = lambda _c, _u, m: seen.append(m.topic)
    subscribed: list[int] = []
    watcher.on_subscribe = lambda *_a: subscribed.append(1)
    watcher.connect("127.0.0.1", node.mqtt_port)
    watcher.loop_start()
    device = None
    try:
        watcher.subscribe("onestop/v2/#", qos=1)
        wait_until(lambda: subscribed, 10, "the watcher's SUBACK")

        def connect(password: str) -> tuple[mqtt.Client, list[bool], list[bool]]:
            client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="kiosk-777", protocol=mqtt.MQTTv311)
            client.username_pw_set("kiosk-777", password)
            answers: list[bool] = []
            dropped: list[bool] = []
            client.on_connect = lambda _c, _u, _f, rc, _p: answers.append(not rc.is_failure)
            client.on_disconnect = lambda *_a: dropped.append(True)
            client.connect("127.0.0.1", node.mqtt_port)
            client.loop_start()
            wait_until(lambda: answers, 10, "a CONNACK")
            return client, answers, dropped

        wrong, answers, _ = connect("wrong")
        wrong.loop_stop()
        assert answers == [False]
        device, answers, dropped = connect("kiosk-secret-1")
        assert answers == [True]
        own = topics.event("tpe-xinyi", "kiosk-777", "kiosk.visit")
        device.publish(own, b"{}", qos=1).wait_for_publish(10)
        wait_until(lambda: own in seen, 10, "the device's own event at the watcher")
        other = topics.event("tpe-xinyi", "kiosk-778", "kiosk.visit")
        device.publish(other, b"{}", qos=1)
        wait_until(lambda: dropped, 10, "the broker dropping a device that wrote another's topic")
        assert other not in seen
    finally:
        if device is not None:
            device.loop_stop()
        watcher.loop_stop()
        watcher.disconnect()

    params = pika.URLParameters(f"amqp://onestop-hub:hub-secret-1@127.0.0.1:{node.amqp_port}/%2F")
    with pika.BlockingConnection(params) as conn:
        conn.channel().queue_declare(
            "onestop.hub.ingest.perm-test", durable=True, arguments={"x-queue-type": "quorum"}
        )
        with pytest.raises(pika.exceptions.ChannelClosedByBroker, match="ACCESS_REFUSED"):
            conn.channel().queue_declare("someone-elses-queue")


def test_broker_sigkill_on_a_cluster_node_stores_exactly_1000_events(
    healthy: RabbitCluster, pg_url: str, tmp_path: Path
) -> None:
    """GIVEN the backbone's broker-SIGKILL scenario (50 devices x 20 events, hub on an MQTT persistent
    session) run against node 0 of the 3-node cluster, agent and hub unchanged (on PostgreSQL, the
    production database; on Mosquitto it runs on SQLite too)
    WHEN node 0 is SIGKILLed mid-run and started again 3 s later
    THEN the hub holds exactly 1,000 events, none twice (its session queue lived on in the other nodes)."""
    session_queue = "mqtt-subscription-onestop-hub-1qos1"
    try:
        assert_broker_sigkill_stores_each_event_once(pg_url, tmp_path, NodeBroker(healthy, 0))
    finally:
        with contextlib.suppress(RuntimeError):  # the next test's hub-1 starts with a fresh session
            healthy.ctl(healthy.nodes[1], "delete_queue", session_queue)


def test_two_hubs_share_the_cluster_queue_and_a_node_dies_mid_stream(
    healthy: RabbitCluster, pg_url: str, tmp_path: Path
) -> None:
    """GIVEN two hubs consuming one quorum queue over AMQP (hub A via node 0, where the queue's leader is;
    hub B via node 1) and two fleets of 30 devices x 20 events publishing over MQTT to nodes 1 and 2
    WHEN node 0 is SIGKILLed mid-stream and not brought back
    THEN both fleets drain, the database holds exactly 1,200 events, none twice, 20 per device, and both
    hubs stored a share (hub A after failing over to another node)."""
    import pika

    nodes = healthy.nodes
    queue = f"onestop.hub.ingest.{uuid.uuid4().hex[:8]}"
    urls_a = ",".join(n.amqp_url for n in (nodes[0], nodes[1], nodes[2]))
    urls_b = ",".join(n.amqp_url for n in (nodes[1], nodes[2], nodes[0]))
    env = {"ONESTOP_HUB_AMQP_QUEUE": queue}
    hub_a = HubProcess(
        pg_url, nodes[0].mqtt_url, tmp_path, "hub-a", env={**env, "ONESTOP_HUB_AMQP_URLS": urls_a}
    )
    hub_b = HubProcess(
        pg_url, nodes[1].mqtt_url, tmp_path, "hub-b", env={**env, "ONESTOP_HUB_AMQP_URLS": urls_b}
    )
    fleets = []
    try:
        # Declared on node 0 as the hubs declare it, so its leader is there whichever hub connects first;
        # the two hubs then start side by side (one hub's start takes 10-15 s on the loaded machine).
        with pika.BlockingConnection(pika.URLParameters(nodes[0].amqp_url)) as conn:
            conn.channel().queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
        hub_a.launch()
        hub_b.launch()
        hub_a.wait_ready(90)
        hub_b.wait_ready(90)
        leader = _leader(healthy, queue)
        assert leader == nodes[0].name, f"the ingest queue's leader is on {leader}, not node 0"
        fleets = [
            start_fleet(
                nodes[1].mqtt_url,
                tmp_path / "f1",
                30,
                20,
                "--first",
                "101",
                "--rate",
                "150",
                "--timeout",
                "120",
            ),
            start_fleet(
                nodes[2].mqtt_url,
                tmp_path / "f2",
                30,
                20,
                "--first",
                "131",
                "--rate",
                "150",
                "--timeout",
                "120",
            ),
        ]
        wait_until(lambda: stored(pg_url)[0] >= 200, 60, "200 events stored before the node kill")
        healthy.kill(0)
        at_kill = stored(pg_url)[0]
        assert at_kill < 1200, f"the node kill did not land mid-stream ({at_kill} stored)"
        for sim in fleets:
            output = sim.communicate(timeout=150)[0]
            assert sim.returncode == 0, output[:2000] + "\n...\n" + output[-2000:]
        assert stored(pg_url) == (1200, 1200)
        figures = hub_stats(pg_url)
        assert (figures["events"], figures["devices"], figures["dead_letters"]) == (1200, 60, 0)
        engine = make_engine(pg_url)
        with engine.connect() as conn:
            per_device = conn.execute(text("SELECT device, count(*) FROM events GROUP BY device")).all()
        engine.dispose()
        assert len(per_device) == 60 and {n for _, n in per_device} == {20}
        shares = [hub.health()["ingest"]["stored"] for hub in (hub_a, hub_b)]
        assert all(n > 0 for n in shares) and sum(shares) == 1200, shares
        assert stop_all(hub_a, hub_b) == [0, 0]
    finally:
        for sim in fleets:
            if sim.poll() is None:
                sim.kill()
        for hub in (hub_a, hub_b):
            if hub.proc and hub.proc.poll() is None:
                hub.kill()


def _leader(cluster: RabbitCluster, queue: str) -> str:
    via = next(n for n in cluster.nodes if n.running)
    out = cluster.ctl(via, "list_queues", "name", "leader", "--no-table-headers", "--quiet")
    for line in out.splitlines():
        name, _, leader = line.partition("\t")
        if name == queue:
            return leader.strip()
    raise AssertionError(f"queue {queue} is not declared:\n{out}")
