"""``onestop ctl``: the field technician's tool — discover, provision, push config, see the fleet, send commands.

Every command that may take over a second shows progress on stderr and ends with a one-paragraph summary
on stdout; the exit status is 0 on success, 1 when the hub refused, 2 for bad arguments or no hub.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any

TOKEN_ENV = "ONESTOP_TOKEN"


class HubError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def register(subparsers: Any) -> None:
    ctl = subparsers.add_parser("ctl", help="field technicians: discover, provision and manage devices")
    sub = ctl.add_subparsers(dest="ctl_command", required=True, metavar="CTL_COMMAND")

    d = sub.add_parser("discover", help="list hubs and agents on the network (zeroconf), refreshed live")
    d.add_argument("--wait", type=float, help="listen this many seconds, then print the list (default: live)")
    d.add_argument("--interface", action="append", help="IPv4 address to browse on (repeatable; default all)")
    d.add_argument("--json", action="store_true", help="print the final list as JSON")
    d.set_defaults(func=_discover)

    def hub_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--hub", required=True, help="hub URL, e.g. http://10.0.0.5:8000")
        p.add_argument("--token", help=f"staff token of a technician (default: env {TOKEN_ENV})")

    p = sub.add_parser("provision", help="claim a device from its QR text (or id + manual code)")
    hub_args(p)
    p.add_argument("--payload", help="the QR text the device shows, e.g. OS1:KIOSK:KIOSK-7:12345678902")
    p.add_argument("--device", help="device id (with --code, when the QR cannot be scanned)")
    p.add_argument("--code", help="the manual code the device shows, e.g. 1234-567-8902")
    p.add_argument("--site", required=True, help="site id the device is installed at")
    p.add_argument("--counter", default="", help="counter id at the site (optional)")
    p.add_argument(
        "--wait", type=float, default=60.0, help="seconds to wait for the device to come online (0: no)"
    )
    p.set_defaults(func=_provision)

    c = sub.add_parser("config", help="push a device configuration (YAML or JSON file) as a new version")
    hub_args(c)
    c.add_argument("--device", required=True)
    c.add_argument(
        "--file",
        required=True,
        action="append",
        help="a firmware_config device file of the host (repeatable)",
    )
    c.add_argument("--wait", type=float, default=30.0, help="seconds to wait for reported = desired (0: no)")
    c.set_defaults(func=_config)

    f = sub.add_parser(
        "fleet", help="every device: state, last seen, gaps, alarms, config versions, commands"
    )
    hub_args(f)
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=_fleet)

    r = sub.add_parser("revoke", help="decommission a device: its broker login stops working at once")
    hub_args(r)
    r.add_argument("--device", required=True)
    r.set_defaults(func=_revoke)

    k = sub.add_parser("command", help="send test_print, restart or reread_config and wait for its ack")
    hub_args(k)
    k.add_argument("--device", required=True)
    k.add_argument("name", choices=["test_print", "restart", "reread_config"])
    k.add_argument("--wait", type=float, default=15.0)
    k.set_defaults(func=_command)


# -- HTTP ---------------------------------------------------------------------------------------------
def _http(method: str, url: str, token: str | None, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read() or b"{}").get("detail", "")
        except ValueError:
            detail = ""
        if isinstance(detail, list):  # FastAPI validation errors
            detail = "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in detail)
        raise HubError(exc.code, str(detail) or exc.reason) from None
    except (urllib.error.URLError, OSError) as exc:
        raise HubError(0, f"cannot reach the hub at {url.split('/api/')[0]}: {exc}") from None


def _token(args: argparse.Namespace) -> str | None:
    return args.token or os.environ.get(TOKEN_ENV)


def _fail(command: str, exc: HubError) -> int:
    print(f"onestop ctl {command}: {exc.detail}", file=sys.stderr)
    return 2 if exc.status == 0 else 1


# -- discover ------------------------------------------------------------------------------------------
def _describe(found: Any) -> str:
    ad = found.ad
    where = f"{found.addresses[0] if found.addresses else '?'}:{found.port}"
    if ad.role.value == "hub":
        return f"hub    {ad.id:<24} {where:<22} mqtt port {ad.mqtt_port}"
    state = "provisioned" if ad.provisioned else "UNPROVISIONED"
    return f"agent  {ad.id:<24} {where:<22} {ad.kind:<10} {state:<13} fw {ad.version or '?'} config v{ad.config_version}"


def _discover(args: argparse.Namespace) -> int:
    from discovery import Browser, Change
    from onestop.ctl.progress import Progress

    def on_change(change: Change) -> None:
        mark = {"added": "+", "updated": "~", "removed": "-"}[change.kind]
        why = f"  ({change.reason})" if change.reason else ""
        print(f"{mark} {_describe(change.found)}{why}", flush=True)

    live = args.wait is None
    with Browser(on_change if live else None, interfaces=args.interface) as browser:
        try:
            if live:
                print("Listening for OneStop hubs and agents (Ctrl-C stops) ...", file=sys.stderr, flush=True)
                while True:
                    time.sleep(1)
            else:
                with Progress(f"Listening {args.wait:g} s for OneStop hubs and agents") as progress:
                    end = time.monotonic() + args.wait
                    while time.monotonic() < end:
                        progress.update(f"{len(browser.snapshot())} found")
                        time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        found = browser.snapshot()
    if args.json:
        print(
            json.dumps(
                [{"name": f.name, "addresses": f.addresses, "port": f.port, **f.ad.txt()} for f in found]
            )
        )
        return 0
    if not live:
        for f in found:
            print(_describe(f))
    hubs = sum(f.ad.role.value == "hub" for f in found)
    unprov = sum(f.ad.role.value == "agent" and not f.ad.provisioned for f in found)
    print(
        f"Found {len(found)}: {hubs} hub(s), {len(found) - hubs} agent(s), {unprov} waiting to be provisioned."
    )
    return 0


# -- provision -----------------------------------------------------------------------------------------
def _wait_online(
    hub: str, device: str, token: str | None, wait: float, after_session: int | None
) -> dict | None:  # type: ignore[type-arg]
    from onestop.ctl.progress import Progress

    with Progress(f"Waiting for {device} to connect with its new login") as progress:
        end = time.monotonic() + wait
        while time.monotonic() < end:
            try:
                dev = _http("GET", f"{hub}/api/v1/devices/{device}", token)
            except HubError as exc:
                if exc.status != 404:
                    raise
                dev = None
            if dev and dev.get("online") and dev.get("session") != after_session:
                return dev  # type: ignore[no-any-return]
            progress.update("not connected yet" if not dev else "offline")
            time.sleep(0.5)
    return None


def _provision(args: argparse.Namespace) -> int:
    from onestop.ctl.progress import Progress

    hub, token = args.hub.rstrip("/"), _token(args)
    if args.payload:
        body: dict[str, Any] = {"qr": args.payload}
    elif args.device and args.code:
        body = {"device_id": args.device, "manual_code": args.code}
    else:
        print(
            "onestop ctl provision: give --payload QR-TEXT, or --device ID and --code MANUAL-CODE",
            file=sys.stderr,
        )
        return 2
    body |= {"site": args.site, "counter": args.counter}
    t0 = time.monotonic()
    try:
        with Progress("Claiming the device at the hub"):
            result = _http("POST", f"{hub}/api/v1/provisioning/claims", token, body)
        device = result["device_id"]
        before = None
        with contextlib.suppress(HubError):
            before = _http("GET", f"{hub}/api/v1/devices/{device}", token).get("session")
        dev = _wait_online(hub, device, token, args.wait, before) if args.wait > 0 else None
    except HubError as exc:
        return _fail("provision", exc)
    where = f"site {result['site']}" + (f", counter {result['counter']}" if result["counter"] else "")
    lines = [f"{device} ({result['kind']}) is provisioned for {where}; broker login '{result['username']}'."]
    if result["reprovisioned"]:
        lines.append("It had been provisioned before: its old login is revoked.")
    if dev is not None:
        lines.append(f"It is online (session {dev['session']}) after {time.monotonic() - t0:.1f} s.")
    elif args.wait > 0:
        lines.append(f"It has not connected within {args.wait:g} s: check its screen and network.")
        print(" ".join(lines))
        return 1
    print(" ".join(lines))
    return 0


# -- config, fleet, command ----------------------------------------------------------------------------
def _config(args: argparse.Namespace) -> int:
    from onestop.ctl.progress import Progress

    hub, token = args.hub.rstrip("/"), _token(args)
    from firmware_config.device_config import DeviceConfigError, load_files

    try:
        config = load_files(args.file, args.device)
    except DeviceConfigError as exc:
        print(f"onestop ctl config: not pushed, nothing changed: {exc}", file=sys.stderr)
        return 2
    try:
        out = _http(
            "PUT", f"{hub}/api/v1/provisioning/devices/{args.device}/config", token, {"config": config}
        )
        version = out["version"]
        reported = None
        if args.wait > 0:
            with Progress(f"Waiting for {args.device} to report config version {version}") as progress:
                end = time.monotonic() + args.wait
                while time.monotonic() < end:
                    state = _http("GET", f"{hub}/api/v1/provisioning/devices/{args.device}/config", token)
                    reported = state["reported_version"]
                    if reported == version:
                        break
                    progress.update(f"reported {reported}")
                    time.sleep(0.5)
    except HubError as exc:
        return _fail("config", exc)
    how = "sent now" if out["command_id"] else "stored; the device is offline and gets it when it reconnects"
    summary = f"{args.device}: config version {version} {how}."
    if args.wait > 0:
        summary += f" Reported version: {reported}" + (
            " (= desired)." if reported == version else " (not yet)."
        )
    print(summary)
    return 0 if args.wait <= 0 or reported == version or not out["command_id"] else 1


def _fleet(args: argparse.Namespace) -> int:
    try:
        rows = _http("GET", f"{args.hub.rstrip('/')}/api/v1/provisioning/fleet", _token(args))
    except HubError as exc:
        return _fail("fleet", exc)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        cfg = f"config {r['reported_version']}/{r['desired_version']}" + ("" if r["in_sync"] else " BEHIND")
        alarms = "; ".join(r["alarms"]) or "no alarms"
        state = "online " if r["online"] else "offline"
        print(
            f"{r['device_id']:<20} {r['kind']:<9} {r['site']:<14} {state} session {r['session']} "
            f"gaps {r['open_gaps']} {cfg} {alarms}"
        )
    print(
        f"{len(rows)} devices, {sum(r['online'] for r in rows)} online, "
        f"{sum(not r['in_sync'] for r in rows)} with config behind."
    )
    return 0


def _command(args: argparse.Namespace) -> int:
    from onestop.ctl.progress import Progress

    hub, token = args.hub.rstrip("/"), _token(args)
    try:
        sent = _http("POST", f"{hub}/api/v1/provisioning/devices/{args.device}/commands/{args.name}", token)
        status, detail = "sent", ""
        with Progress(f"Waiting for {args.device} to acknowledge {args.name}"):
            end = time.monotonic() + args.wait
            while time.monotonic() < end and status in ("sent", "accepted"):
                for cmd in _http("GET", f"{hub}/api/v1/devices/{args.device}/commands", token):
                    if cmd["id"] == sent["command_id"]:
                        status, detail = cmd["status"], cmd.get("detail") or ""
                time.sleep(0.3)
    except HubError as exc:
        return _fail("command", exc)
    print(f"{args.device}: {args.name} {status}" + (f": {detail}" if detail else "") + ".")
    return 0 if status == "done" else 1


def _revoke(args: argparse.Namespace) -> int:
    try:
        _http(
            "DELETE",
            f"{args.hub.rstrip('/')}/api/v1/provisioning/devices/{args.device}/credentials",
            _token(args),
        )
    except HubError as exc:
        return _fail("revoke", exc)
    print(
        f"{args.device}: broker login revoked; it is disconnected and cannot log in until provisioned again."
    )
    return 0
