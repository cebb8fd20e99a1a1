"""``onestop agent run`` and ``onestop simulate fleet`` (heavy imports happen inside the handlers)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agent = subparsers.add_parser("agent", help="the edge agent daemon of a kiosk or counter PC")
    agent_sub = agent.add_subparsers(dest="agent_command", required=True, metavar="COMMAND")
    run = agent_sub.add_parser("run", help="run the agent with a YAML config file until SIGTERM/Ctrl-C")
    run.add_argument("--config", required=True, type=Path, metavar="FILE", help="agent config (YAML)")
    run.set_defaults(func=run_agent)

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
    fleet.set_defaults(func=simulate_fleet)


def run_agent(args: argparse.Namespace) -> int:
    from edge_agent.agent import Agent
    from edge_agent.config import ConfigError, load_config
    from edge_agent.outbox import OutboxError

    try:
        config = load_config(args.config)
        agent = Agent(config)
        agent.add_configured_components()
    except (ConfigError, OutboxError) as exc:
        print(f"onestop agent: {exc}", file=sys.stderr)
        return 2
    agent.run(on_started=lambda a: print(f"agent {config.device_id}: local API {a.api.url}", flush=True))
    return 0


def simulate_fleet(args: argparse.Namespace) -> int:
    from edge_agent.fleet import Fleet, FleetOptions, FleetTimeout
    from wire.broker import MqttProtocol

    try:
        options = FleetOptions(
            broker_url=args.broker,
            devices=args.devices,
            events=args.events,
            data_dir=args.data_dir,
            rate=args.rate,
            timeout=args.timeout,
            window=args.window,
            ack_timeout=args.ack_timeout,
            protocol=MqttProtocol(args.mqtt),
        )
    except ValueError as exc:
        print(f"onestop simulate fleet: {exc}", file=sys.stderr)
        return 2
    try:
        Fleet(options, report=lambda line: print(line, flush=True)).run()
    except FleetTimeout as exc:
        print(f"onestop simulate fleet: {exc}", file=sys.stderr)
        return 1
    return 0
