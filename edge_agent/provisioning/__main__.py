"""``python -m edge_agent.provisioning run|reset --config agent.yaml``: the provisioned agent's entry point."""

from __future__ import annotations

import argparse
import logging
import sys

from edge_agent.config import ConfigError, load_config
from edge_agent.provisioning.enrolment import EnrolmentError
from edge_agent.provisioning.runner import build_provisioned, ensure_provisioned
from edge_agent.provisioning.store import ProvisioningStore, StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edge_agent.provisioning")
    parser.add_argument(
        "action", choices=["run", "reset"], help="run the agent (enrol first if needed) or factory-reset"
    )
    parser.add_argument("--config", required=True, help="the agent's YAML config")
    parser.add_argument("--hub", help="hub URL, e.g. http://10.0.0.5:8000 (default: found over zeroconf)")
    parser.add_argument("--interface", action="append", help="IPv4 address for zeroconf (repeatable)")
    parser.add_argument("--hub-id", help="with zeroconf: use the hub announced under this name")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config)
        if args.action == "reset":
            forgot = ProvisioningStore(config.data_dir).factory_reset()
            print(
                "factory reset: login and configuration forgotten"
                if forgot
                else "factory reset: nothing stored"
            )
            return 0
        state = ensure_provisioned(config, hub_url=args.hub, interfaces=args.interface, hub_id=args.hub_id)
        if state is None:
            return 1
        agent, advertiser = build_provisioned(config, state, interfaces=args.interface)
        try:
            agent.run(on_started=lambda _agent: advertiser.start())
        finally:
            advertiser.close()
        return 0
    except (ConfigError, EnrolmentError, StoreError) as exc:
        print(f"onestop agent: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
