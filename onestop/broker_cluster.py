"""A clustered broker for tests, benchmarks and the demo rig: RabbitMQ nodes with the MQTT plugin.

Why RabbitMQ (3.10, Debian's ``rabbitmq-server``) and not NATS's MQTT gateway (2.9, also a Debian package):
both form a 3-node cluster on free ports and both keep an MQTT persistent session replicated (RabbitMQ in a
quorum queue, ``mqtt.durable_queue_type = quorum``; NATS in a JetStream stream with 3 replicas). Neither
offers MQTT shared subscriptions in these versions, so scaling the hub out needs the broker's own
competing-consumer API, and only RabbitMQ has a documented one for messages that arrive over MQTT: its
MQTT plugin routes every publish through the ``amq.topic`` exchange, where an AMQP quorum queue bound to
``onestop.v2.#`` is consumed by any number of hubs with manual acks (``hub.ingest_amqp``). With NATS the
MQTT publishes land in the gateway's internal ``$MQTT_msgs`` stream, whose layout is not an interface;
a stream of our own on the NATS subjects is fed without the publisher's PUBACK waiting for it, so a node
lost at the wrong moment would lose events. The price of RabbitMQ is start-up time: ~40 s for 3 nodes here.

Every node runs on its own free ports (AMQP, MQTT, Erlang distribution) with its own data directory and
config, registers with a private ``epmd`` on a free port, and shares a generated Erlang cookie; all of
them are started and stopped by PID (each node in its own process group), nothing is left behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from onestop.processes import free_port, wait_for_port

RABBITMQ_SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
RABBITMQCTL = Path("/usr/lib/rabbitmq/bin/rabbitmqctl")
#: The production node configuration (the rig changes only ports, names, logs, anonymous logins and the
#: first node's peer search).
DEPLOY_CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "rabbitmq" / "rabbitmq.conf"
DEPLOY_PLUGINS = DEPLOY_CONFIG.with_name("enabled_plugins")


def production_config(overrides: dict[str, str]) -> str:
    """deploy/rabbitmq/rabbitmq.conf with ``overrides`` (key -> value) replacing or adding settings;
    the production node list is dropped when the overrides bring their own."""
    if not DEPLOY_CONFIG.exists():
        raise FileNotFoundError(f"{DEPLOY_CONFIG} is missing: the rig runs from a checkout of the project")
    own_nodes = any(k.startswith("cluster_formation.classic_config.nodes.") for k in overrides)
    lines = []
    for line in DEPLOY_CONFIG.read_text().splitlines():
        key = line.split("=", 1)[0].strip()
        setting = "=" in line and not line.lstrip().startswith("#")
        replaced = key in overrides or (
            own_nodes and key.startswith("cluster_formation.classic_config.nodes.")
        )
        if setting and replaced:
            continue
        lines.append(line)
    lines += ["", "# --- the rig's own", *(f"{k} = {v}" for k, v in overrides.items())]
    return "\n".join(lines) + "\n"


def _epmd_binary() -> str:
    found = shutil.which("epmd")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/erlang").glob("erts-*/bin/epmd"))
    if not candidates:
        raise FileNotFoundError("epmd (Erlang) is not installed: run scripts/setup (rabbitmq-server)")
    return str(candidates[-1])


@dataclass
class RabbitNode:
    index: int
    name: str  # Erlang node name, e.g. onestop-3f2a1-1@localhost
    amqp_port: int
    mqtt_port: int
    dist_port: int
    dir: Path
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def mqtt_url(self) -> str:
        return f"mqtt://127.0.0.1:{self.mqtt_port}"

    @property
    def amqp_url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.amqp_port}/%2F"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class RabbitCluster:
    """``RabbitCluster(3).start()``; ``kill(i)`` SIGKILLs node i, ``start_node(i)`` brings it back.

    Nodes find each other through classic-config peer discovery (the first boots alone, the others join
    it); quorum queues (the hub's MQTT session, the AMQP ingest queue) keep a replica on each node.
    """

    def __init__(self, size: int = 3, workdir: Path | None = None) -> None:
        if not RABBITMQ_SERVER.exists():
            raise FileNotFoundError("rabbitmq-server is not installed: run scripts/setup")
        if size < 1:
            raise ValueError("a cluster needs at least one node")
        self.dir = workdir or Path(tempfile.mkdtemp(prefix="onestop-rabbit-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.home = self.dir / "home"  # HOME of every node and of rabbitmqctl: holds the shared cookie
        self.home.mkdir(exist_ok=True)
        cookie = self.home / ".erlang.cookie"
        if not cookie.exists():
            cookie.write_text(secrets.token_hex(16).upper())
            cookie.chmod(0o400)
        self.epmd_port = free_port()
        self.epmd: subprocess.Popen[bytes] | None = None
        self._spawning = threading.Lock()  # a node is not spawned while stop() runs (background boot)
        self._stopped = False
        self._booting: threading.Thread | None = None
        self._boot_error: BaseException | None = None
        tag = secrets.token_hex(3)
        self.nodes = [
            RabbitNode(
                index=i,
                name=f"onestop-{tag}-{i}@localhost",
                amqp_port=free_port(),
                mqtt_port=free_port(),
                dist_port=free_port(),
                dir=self.dir / f"node{i}",
            )
            for i in range(size)
        ]
        for node in self.nodes:
            self._write_config(node)

    # -- configuration ------------------------------------------------------------------------------
    def _write_config(self, node: RabbitNode) -> None:
        """deploy/rabbitmq/rabbitmq.conf with this rig's ports, node names, logs, anonymous MQTT and a short
        peer search for the node that boots first."""
        node.dir.mkdir(parents=True, exist_ok=True)
        rig = {
            "listeners.tcp.1": f"127.0.0.1:{node.amqp_port}",
            "mqtt.listeners.tcp.1": f"127.0.0.1:{node.mqtt_port}",
            "mqtt.allow_anonymous": "true",  # the rig's clients do not log in; deploy/rabbitmq/users.sh does
            "loopback_users": "none",
            "log.file.level": "warning",
            "log.console": "false",
            **{f"cluster_formation.classic_config.nodes.{n.index + 1}": n.name for n in self.nodes},
        }
        if node.index == 0:  # boots first, alone: looking for its peers 10 times (~6 s here) finds none
            rig["cluster_formation.discovery_retry_limit"] = "1"
        (node.dir / "rabbitmq.conf").write_text(production_config(rig))
        (node.dir / "enabled_plugins").write_text(DEPLOY_PLUGINS.read_text())

    def _env(self, node: RabbitNode) -> dict[str, str]:
        d = node.dir
        return {
            **os.environ,
            "HOME": str(self.home),
            "ERL_EPMD_PORT": str(self.epmd_port),
            "RABBITMQ_NODENAME": node.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(node.amqp_port),
            "RABBITMQ_DIST_PORT": str(node.dist_port),
            "RABBITMQ_CONFIG_FILE": str(d / "rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(d / "advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": str(d / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(d / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(d / "mnesia"),
            "RABBITMQ_LOG_BASE": str(d / "log"),
            "RABBITMQ_PID_FILE": str(d / "rabbitmq.pid"),
        }

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self, timeout: float = 180.0) -> RabbitCluster:
        """Boot the nodes one by one, each joining the first, until every MQTT listener answers and all
        are clustered."""
        with self._spawning:
            if self._stopped:
                raise RuntimeError("this cluster was stopped")
            self.epmd = subprocess.Popen(
                [_epmd_binary(), "-port", str(self.epmd_port), "-address", "127.0.0.1"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        wait_for_port("127.0.0.1", self.epmd_port)
        deadline = time.monotonic() + timeout
        # One node after the other: booted together, the MQTT plugins of two nodes sometimes both try to
        # form the plugin's client-id Raft cluster and wait on each other for 100 s until the plugin fails
        # ("cluster_change_not_permitted", seen here 1 boot in ~6); joining a running node never does.
        for node in self.nodes:
            self._spawn(node)
            self._wait_up(node, deadline)
        self.wait_clustered(deadline - time.monotonic())
        return self

    def start_in_background(self, timeout: float = 180.0) -> RabbitCluster:
        """``start`` on a thread of its own, so the boot (20-50 s here, mostly waiting on one node after the
        other) overlaps other work; ``wait_started`` joins it and raises what the boot raised."""
        if self._booting is not None:
            raise RuntimeError("the cluster is booting already")
        self._booting = threading.Thread(target=self._boot, args=(timeout,), name="rabbit-boot", daemon=True)
        self._booting.start()
        return self

    def _boot(self, timeout: float) -> None:
        try:
            self.start(timeout)
        except BaseException as exc:  # handed to wait_started
            self._boot_error = exc

    def wait_started(self, timeout: float = 180.0) -> RabbitCluster:
        """Until a ``start_in_background`` boot is done (at once without one); its error if it failed."""
        if self._booting is not None:
            self._booting.join(timeout)
            if self._booting.is_alive():
                raise TimeoutError(f"the RabbitMQ cluster did not boot within {timeout:g} s")
        if self._boot_error is not None:
            raise self._boot_error
        return self

    def _spawn(self, node: RabbitNode) -> None:
        with self._spawning:
            if self._stopped:
                raise RuntimeError("this cluster was stopped")
            out = (node.dir / "console.log").open("ab")
            try:
                node.proc = subprocess.Popen(
                    [str(RABBITMQ_SERVER)],
                    env=self._env(node),
                    cwd=node.dir,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: beam and its helpers die together
                )
            finally:
                out.close()

    def _wait_up(self, node: RabbitNode, deadline: float) -> None:
        while True:
            if node.proc is not None and node.proc.poll() is not None:
                raise RuntimeError(f"RabbitMQ node {node.name} exited:\n{self.console(node)[-3000:]}")
            try:
                wait_for_port("127.0.0.1", node.mqtt_port, timeout=0.5)
                return
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"RabbitMQ node {node.name} did not open MQTT port {node.mqtt_port}:\n"
                        f"{self.console(node)[-3000:]}"
                    ) from None

    def ctl(self, node: RabbitNode, *args: str, timeout: float = 60.0) -> str:
        """``rabbitmqctl -n <node> ARGS`` with this cluster's cookie; its output, or RuntimeError."""
        proc = subprocess.run(
            [str(RABBITMQCTL), "-n", node.name, *args],
            env=self._env(node),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} on {node.name}: {proc.stderr or proc.stdout}")
        return proc.stdout

    def running_nodes(self, via: RabbitNode, timeout: float = 60.0) -> list[str]:
        import json

        status = json.loads(self.ctl(via, "cluster_status", "--formatter", "json", timeout=timeout))
        return sorted(status.get("running_nodes", []))

    def wait_clustered(self, timeout: float = 60.0) -> None:
        """Until every running node sees all running nodes as one cluster. A joining node opens its listeners
        only once it has joined, so the first ``cluster_status`` after the boot usually says so; each call
        starts an Erlang VM (~1 CPU-second, tens of seconds on a loaded machine), so a call gets all the time
        that is left rather than a fixed slice, and the last answer or error is in the timeout's message."""
        deadline = time.monotonic() + max(timeout, 1.0)
        want = sorted(n.name for n in self.nodes if n.running)
        last = "no answer yet"
        while time.monotonic() < deadline:
            via = next(n for n in self.nodes if n.running)
            try:
                seen = self.running_nodes(via, timeout=max(deadline - time.monotonic(), 1.0))
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if seen == want:
                    return
                last = f"running {seen}"
            time.sleep(0.5)
        raise TimeoutError(f"RabbitMQ nodes did not cluster: want {want}; {last}")

    def kill(self, index: int) -> None:
        """SIGKILL node ``index`` (its whole process group): no goodbye to its peers or its clients."""
        node = self.nodes[index]
        if node.proc is not None and node.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.proc.pid, signal.SIGKILL)
            node.proc.wait(10)

    def start_node(self, index: int, timeout: float = 90.0) -> None:
        """Start a killed node again on the same ports and data; returns when it has rejoined."""
        node = self.nodes[index]
        if node.running:
            return
        self._spawn(node)
        deadline = time.monotonic() + timeout
        self._wait_up(node, deadline)
        self.wait_clustered(deadline - time.monotonic())

    def stop(self) -> None:
        """Stop every node and the private epmd by PID; SIGKILL what does not go within a few seconds (also
        in the middle of a background boot: no node is started after this)."""
        with self._spawning:
            self._stopped = True
        for node in self.nodes:
            if node.proc is not None and node.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(node.proc.pid, signal.SIGTERM)
        for node in self.nodes:
            if node.proc is None:
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):
                node.proc.wait(15)
            with contextlib.suppress(ProcessLookupError):  # helpers (erl_child_setup, inet_gethost) too
                os.killpg(node.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                node.proc.wait(5)
        if self.epmd is not None and self.epmd.poll() is None:
            self.epmd.kill()
            self.epmd.wait(5)
        if self._booting is not None:  # its node died under it: it ends with that error
            self._booting.join(10)

    def console(self, node: RabbitNode) -> str:
        path = node.dir / "console.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> RabbitCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
