"""``onestop agent run`` and ``onestop simulate fleet`` (heavy imports happen inside the handlers)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agent = subparsers.add_parser("agent", help="the edge agent daemon of a kiosk or counter PC")
    agent_sub = agent.add_subparsers(dest="agent_command", required=True, metavar="COMMAND")
    run = agent_sub.add_parser(
        "run",
        help="run the agent with a YAML config file until SIGTERM/Ctrl-C; a stored provisioning "
        "(issued broker login, pushed config) is applied",
    )
    run.add_argument("--config", required=True, type=Path, metavar="FILE", help="agent config (YAML)")
    run.add_argument(
        "--provision",
        action="store_true",
        help="if not provisioned yet: advertise, enrol with the hub, show the onboarding code and wait "
        "for a technician to claim this device",
    )
    run.add_argument(
        "--hub", metavar="URL", help="with --provision: the hub's URL (default: found over zeroconf)"
    )
    run.add_argument("--interface", action="append", metavar="IPV4", help="zeroconf interface (repeatable)")
    run.add_argument("--hub-id", help="with zeroconf: use the hub announced under this name")
    run.set_defaults(func=run_agent)
    reset = agent_sub.add_parser(
        "reset", help="factory reset: forget the issued login and pushed configuration"
    )
    reset.add_argument("--config", required=True, type=Path, metavar="FILE", help="agent config (YAML)")
    reset.set_defaults(func=reset_agent)

    simulate = subparsers.add_parser("simulate", help="simulators for load and failure tests")
    sim_sub = simulate.add_subparsers(dest="simulate_command", required=True, metavar="COMMAND")
    fleet = sim_sub.add_parser(
        "fleet",
        help="N virtual devices over real MQTT, each with its own durable outbox",
        description="Runs N virtual devices (sim-00001, ... at site 'sim') in one process; each produces M "
        "kiosk.visit events. Exits 0 only when the hub acknowledged every event (all outboxes drained), "
        "1 at the timeout.",
    )
    fleet.add_argument("--broker", required=True, metavar="URL", help="mqtt://host:port")
    fleet.add_argument("--devices", required=True, type=int, metavar="N")
    fleet.add_argument("--events", required=True, type=int, metavar="M", help="events per device")
    fleet.add_argument("--data-dir", required=True, type=Path, metavar="DIR", help="where the outboxes live")
    fleet.add_argument(
        "--rate",
        type=float,
        metavar="R",
        help="events per second over the whole fleet (default: all at once)",
    )
    fleet.add_argument(
        "--wait-online",
        action="store_true",
        help="produce nothing until every device (of each process) is online; --rate's clock starts then",
    )
    fleet.add_argument("--timeout", type=float, default=300.0, metavar="S", help="give up after S seconds")
    fleet.add_argument("--window", type=int, default=500, help="events in flight per device (default 500)")
    fleet.add_argument(
        "--ack-timeout",
        type=float,
        default=3.0,
        metavar="S",
        help="re-send an event whose ack is this late (default 3)",
    )
    fleet.add_argument("--mqtt", choices=["3.1.1", "5"], default="3.1.1", help="MQTT protocol level")
    fleet.add_argument(
        "--processes",
        type=int,
        metavar="P",
        help="run the fleet as P processes (default: as few as the descriptor limit, ulimit -n, allows)",
    )
    fleet.add_argument(
        "--first", type=int, default=1, metavar="K", help="number the devices from K (default 1)"
    )
    fleet.add_argument(
        "--topic-version",
        type=int,
        choices=[1, 2],
        default=2,
        help="topic contract: 2 (portable, default) or 1 (as agents deployed before contract 2 speak)",
    )
    fleet.add_argument(
        "--forms",
        action="store_true",
        help="each device also keeps the forms library in step (cache in DIR/forms/<device>, issue 15); the "
        "run ends when every device has synced it too",
    )
    fleet.set_defaults(func=simulate_fleet)


def run_agent(args: argparse.Namespace) -> int:
    """Run the agent: provisioned (issued login + config) when a provisioning is stored or asked for."""
    from edge_agent.agent import Agent
    from edge_agent.config import ConfigError, load_config
    from edge_agent.outbox import OutboxError
    from edge_agent.provisioning.enrolment import EnrolmentError
    from edge_agent.provisioning.runner import build_provisioned, ensure_provisioned
    from edge_agent.provisioning.store import ProvisioningStore, StoreError

    try:
        config = load_config(args.config)
        state = ProvisioningStore(config.data_dir).load()
        if state is None and args.provision:
            state = ensure_provisioned(
                config, hub_url=args.hub, interfaces=args.interface, hub_id=args.hub_id
            )
            if state is None:
                print("onestop agent: not claimed in time; run again to show a new code", file=sys.stderr)
                return 1
        if state is None:
            agent, advertiser = Agent(config), None
            agent.add_configured_components()
        else:
            agent, advertiser = build_provisioned(config, state, interfaces=args.interface)
    except (ConfigError, OutboxError, EnrolmentError, StoreError) as exc:
        print(f"onestop agent: {exc}", file=sys.stderr)
        return 2

    def started(a: Agent) -> None:
        print(f"agent {config.device_id}: local API {a.api.url}", flush=True)
        if advertiser is not None:
            advertiser.start()

    try:
        agent.run(on_started=started)
    finally:
        if advertiser is not None:
            advertiser.close()
    return 0


def reset_agent(args: argparse.Namespace) -> int:
    """Factory reset: the device forgets its login and pushed config and must be claimed again."""
    from edge_agent.config import ConfigError, load_config
    from edge_agent.provisioning.store import ProvisioningStore, StoreError

    try:
        config = load_config(args.config)
        forgot = ProvisioningStore(config.data_dir).factory_reset()
    except (ConfigError, StoreError) as exc:
        print(f"onestop agent: {exc}", file=sys.stderr)
        return 2
    print("factory reset: login and configuration forgotten" if forgot else "factory reset: nothing stored")
    return 0


def simulate_fleet(args: argparse.Namespace) -> int:
    from edge_agent.fleet import DescriptorLimitError, Fleet, FleetOptions, FleetTimeout
    from wire.broker import MqttProtocol

    try:
        options = FleetOptions(
            broker_url=args.broker,
            devices=args.devices,
            events=args.events,
            data_dir=args.data_dir,
            rate=args.rate,
            wait_online=args.wait_online,
            timeout=args.timeout,
            window=args.window,
            ack_timeout=args.ack_timeout,
            protocol=MqttProtocol(args.mqtt),
            topic_version=args.topic_version,
            first=args.first,
            forms=args.forms,
        )
    except ValueError as exc:
        print(f"onestop simulate fleet: {exc}", file=sys.stderr)
        return 2
    from edge_agent.fleet_shards import plan, run_sharded

    try:
        shards = plan(options, args.processes)
    except ValueError as exc:
        print(f"onestop simulate fleet: {exc}", file=sys.stderr)
        return 2
    if len(shards) > 1:
        print(f"running {options.devices} devices as {len(shards)} processes (descriptor limit)", flush=True)
        return run_sharded(shards, report=lambda line: print(line, flush=True))
    try:
        Fleet(options, report=lambda line: print(line, flush=True)).run()
    except FleetTimeout as exc:
        print(f"onestop simulate fleet: {exc}", file=sys.stderr)
        return 1
    except DescriptorLimitError as exc:
        print(f"onestop simulate fleet: {exc}", file=sys.stderr)
        return 2
    return 0
