"""deploy/: the production Mosquitto config runs with hub-written logins and reloads through its PID file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from hub.provisioning.broker_auth import DeviceGrant, ServiceAccount, hash_password
from hub.provisioning.broker_files import BrokerFiles, reload_by_pidfile
from onestop.processes import free_port, wait_for_port
from tests.environment import unavailable
from tests.hub.provisioning.mqtt_probe import Probe

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.mark.mosquitto
def test_production_mosquitto_conf_enforces_logins_and_reloads_by_pid(tmp_path):
    if shutil.which("mosquitto") is None:
        unavailable("mosquitto is not installed")
    port = free_port()
    conf = (DEPLOY / "mosquitto" / "onestop.conf").read_text()
    conf = (
        conf.replace("/etc/mosquitto/onestop/", f"{tmp_path}/")
        .replace("/var/lib/mosquitto/", f"{tmp_path}/")
        .replace("/run/mosquitto/", f"{tmp_path}/")
        .replace("listener 1883 0.0.0.0", f"listener {port} 127.0.0.1")
        .replace("log_dest syslog", f"log_dest file {tmp_path}/log")
    )
    (tmp_path / "mosquitto.conf").write_text("user root\n" + conf)
    files = BrokerFiles(tmp_path / "passwd", tmp_path / "acl")  # no broker to reload yet
    hub = [ServiceAccount("hub", hash_password("hub-secret-1"))]
    files.write([], hub)
    proc = subprocess.Popen(["mosquitto", "-c", str(tmp_path / "mosquitto.conf")])
    probes = []
    try:
        wait_for_port("127.0.0.1", port)
        probes.append(Probe(port, "", ""))
        assert not probes[-1].connect()  # anonymous refused
        probes.append(Probe(port, "hub", "hub-secret-1"))
        assert probes[-1].connect()
        files.reload = reload_by_pidfile(tmp_path / "mosquitto.pid")
        files.write([DeviceGrant("kiosk-1", hash_password("kiosk-secret"), "taipei-1", "kiosk-1")], hub)
        for _ in range(50):
            probes.append(Probe(port, "kiosk-1", "kiosk-secret"))
            if probes[-1].connect():
                break
        else:
            pytest.fail("the reload through the PID file never took effect")
    finally:
        for p in probes:
            p.close()
        proc.terminate()
        proc.wait(10)


def test_compose_has_the_production_parts_and_units_run_the_provisioned_agent():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert {"postgres", "mosquitto", "hub", "advertise"} <= set(compose["services"])
    hub_env = compose["services"]["hub"]["environment"]
    assert hub_env["ONESTOP_HUB_MOSQUITTO_PASSWORD_FILE"].startswith("/auth/")
    assert "password_file /mosquitto/auth/passwd" in (DEPLOY / "mosquitto" / "compose.conf").read_text()
    agent_unit = (DEPLOY / "systemd" / "onestop-agent.service").read_text()
    assert "onestop agent run --provision" in agent_unit and "Restart=always" in agent_unit
    hub_unit = (DEPLOY / "systemd" / "onestop-hub.service").read_text()
    assert "onestop hub broker-auth" in hub_unit and "onestop hub serve" in hub_unit


@pytest.mark.parametrize(
    ("name", "auth_dir"), [("onestop.conf", "/etc/mosquitto/onestop"), ("compose.conf", "/mosquitto/auth")]
)
def test_deploy_confs_carry_the_generated_auth_lines(name: str, auth_dir: str) -> None:
    """Every line of ``mosquitto_auth_config`` (client id bound to the login, size limit) is in the shipped conf."""
    from hub.provisioning.broker_auth import mosquitto_auth_config
    from wire.codec import MAX_PAYLOAD_BYTES

    conf = (DEPLOY / "mosquitto" / name).read_text().splitlines()
    wanted = mosquitto_auth_config(
        f"{auth_dir}/passwd", f"{auth_dir}/acl", message_size_limit=MAX_PAYLOAD_BYTES
    )
    assert set(wanted.splitlines()) <= set(conf)


def test_cluster_compose_has_three_brokers_two_hubs_and_postgres() -> None:
    """deploy/compose.cluster.yaml: the production topology of docs/scaling.md, consistent with itself."""
    compose = yaml.safe_load((DEPLOY / "compose.cluster.yaml").read_text())
    services = compose["services"]
    brokers = sorted(s for s in services if s.startswith("broker-"))
    hubs = sorted(s for s in services if s.startswith("hub-"))
    assert brokers == ["broker-1", "broker-2", "broker-3"] and len(hubs) >= 2 and "postgres" in services
    conf = (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text()
    for broker in brokers:  # each container's hostname is a node the others look for
        assert services[broker]["hostname"] == broker and f"= rabbit@{broker}\n" in conf
        assert "./rabbitmq/rabbitmq.conf:/etc/rabbitmq/rabbitmq.conf:ro" in services[broker]["volumes"]
    ids = set()
    for hub in hubs:
        env = services[hub]["environment"]
        ids.add(env["ONESTOP_HUB_INSTANCE_ID"])
        urls = env["ONESTOP_HUB_AMQP_URLS"].split(",")
        assert sorted(u.split("@")[1].split(":")[0] for u in urls) == brokers  # fails over to every node
        assert env["ONESTOP_HUB_DB_URL"].startswith("postgresql://")
    assert len(ids) == len(hubs)
    assert "mqtt.durable_queue_type = quorum" in conf and "mqtt.allow_anonymous = false" in conf
    haproxy = (DEPLOY / "rabbitmq" / "haproxy.cfg").read_text()
    assert all(f"server {b} {b}:1883 check" in haproxy for b in brokers)
    unit = (DEPLOY / "systemd" / "onestop-hub@.service").read_text()
    assert "Environment=ONESTOP_HUB_INSTANCE_ID=%i" in unit and "onestop hub serve" in unit


def test_the_test_rig_runs_the_deployed_rabbitmq_conf() -> None:
    """onestop/broker_cluster.py starts its nodes from deploy/rabbitmq/rabbitmq.conf, changing only ports,
    node names, logs and anonymous logins: the cluster tests exercise the shipped configuration."""
    from onestop.broker_cluster import production_config

    rig = production_config(
        {"mqtt.allow_anonymous": "true", "cluster_formation.classic_config.nodes.1": "x@y"}
    )
    deployed = {
        line for line in (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text().splitlines() if "=" in line
    }
    kept = {line for line in deployed if "allow_anonymous" not in line and ".nodes." not in line}
    assert kept <= set(rig.splitlines())
    assert "mqtt.allow_anonymous = false" not in rig and "rabbit@broker-1" not in rig
