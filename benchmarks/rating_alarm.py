"""Rating alarm latency: a "very dissatisfied" press on the keypad's serial line → the alarm card visible on the
supervisor's dashboard in Chromium. Target from issue 7: p99 ≤ 1 s; from issue 19: p99 ≤ 50 ms.

Every part is real: keypad emulators on socat ptys, edge agents with the keypad component (its 5 s repeat
guard intact, so presses rotate over ``--keypads`` counters), a private Mosquitto, the hub process
(``onestop hub serve`` on SQLite), the dashboard in headless Chromium fed by server-sent events. The press time
is taken just before the KEY line is written (by default after the hub prompted that keypad, as after a case); a MutationObserver in the page stamps the moment the card is
inserted; both are this machine's wall clock (Date.now() and time.time()). For comparison the same run measures
the raw broker round trip (QoS 1 publish → delivery to a second client on the same Mosquitto).

    .venv/bin/python benchmarks/rating_alarm.py [--presses 200] [--keypads 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the rig lives with the e2e tests

from onestop.dev.chromium import chromium
from onestop.dev.waiting import wait_until
from tests.e2e.ratings.rig import SITE, RatingRig
from wire import topics

VERY = 'article.alarm[data-kind="very_dissatisfied"]'
TARGET_P99_MS = 50
GUARD_S = 5.6  # the keypad's repeat guard (5 s) and room for the agent reading a line late under load
OBSERVER = """() => {
  window.__seen = {};
  new MutationObserver((muts) => {
    const t = Date.now();
    for (const m of muts) for (const n of m.addedNodes)
      if (n.nodeType === 1 && n.matches('article.alarm[data-kind="very_dissatisfied"]')) window.__seen[n.dataset.id] = t;
  }).observe(document.getElementById('alarms'), { childList: true });
}"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(name: str, values: list[float]) -> str:
    return (f"  {name:<44} n={len(values):<4} p50 {pct(values, 0.5):7.1f} ms   p99 {pct(values, 0.99):7.1f} ms"
            f"   max {max(values):7.1f} ms")  # fmt: skip


def broker_round_trips(broker_url: str, n: int) -> list[float]:
    """QoS 1 publish from one client → on_message at another, one at a time (ms)."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    host, port = broker_url.removeprefix("mqtt://").split(":")
    topic = topics.command(SITE, "bench-probe", "bench.ping")
    got = threading.Event()
    sub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-sub")
    sub.on_message = lambda _c, _u, _m: got.set()
    sub.connect(host, int(port))
    sub.subscribe(topic, qos=1)
    sub.loop_start()
    pub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-pub")
    pub.connect(host, int(port))
    pub.loop_start()
    time.sleep(0.5)
    result = []
    for _ in range(n):
        got.clear()
        t0 = time.perf_counter()
        pub.publish(topic, b"x" * 200, qos=1)
        if not got.wait(5):
            raise RuntimeError("the broker did not deliver a probe within 5 s")
        result.append((time.perf_counter() - t0) * 1000)
    for client in (pub, sub):
        client.loop_stop()
        client.disconnect()
    return result


def _received_at(db: Path) -> dict[int, int]:
    """alarm id → when the hub's MQTT thread took the press off the broker (its event row's ``received_at``)."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT a.id, e.received_at FROM rating_alarms a JOIN ratings r ON r.id = a.rating_id "
            "JOIN events e ON e.id = r.event_id"
        )
        return {alarm_id: received for alarm_id, received in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--keypads", type=int, default=20)
    parser.add_argument("--unprompted", action="store_true", help="press without a prompt from the hub first")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="onestop-bench-rating-"))
    print(
        f"starting: Mosquitto, hub, {args.keypads} keypad agents + supervisor buzzer, Chromium ({work})",
        flush=True,
    )
    rig = RatingRig(work, counters=args.keypads)
    latencies: list[float] = []
    pressed_ms: list[float] = []
    stages: dict[str, list[float]] = {"serial": [], "agent_hub": [], "agent_received": [], "received_row": [],
                                      "hub_browser": []}  # fmt: skip
    try:
        rig.start()
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"{rig.url}/staff/login")
            page.fill("#token", rig.tokens["chen.super"])
            page.click("main button[type=submit]")
            page.wait_for_url("**/staff/cases")
            page.goto(f"{rig.url}/staff/ratings/dashboard")
            page.wait_for_selector("#live.ok")
            page.evaluate(OBSERVER)
            keypads = list(rig.keypads.values())
            for i in range(args.presses):
                keypad = keypads[i % len(keypads)]
                wait = keypad.last_press + GUARD_S - time.monotonic()
                if keypad.last_press and wait > 0:
                    time.sleep(wait)
                if (
                    not args.unprompted
                ):  # as after a case: the hub prompts the keypad, then the citizen presses
                    asked = len(keypad.frames("PROMPT"))
                    rig.api("POST", "/api/v1/ratings/prompts", "lin.counter",
                            {"site": SITE, "counter": keypad.counter, "case_no": f"BENCH-{i:04d}"})  # fmt: skip
                    wait_until(
                        lambda k=keypad, n=asked: len(k.frames("PROMPT")) > n, 10, "the keypad's prompt"
                    )
                pressed = keypad.press("very_dissatisfied")
                seen = wait_until(lambda n=i: page.evaluate(f"Object.keys(window.__seen).length > {n} && "
                                                           "Math.max(...Object.values(window.__seen))"),
                                  10, f"alarm card {i + 1}")  # fmt: skip
                latencies.append(seen - pressed)
                pressed_ms.append(pressed)
                if (i + 1) % 50 == 0:
                    print(f"  {i + 1} presses", flush=True)
            cards = page.locator(VERY).count()
            tied = page.locator(f"{VERY} .case:has-text('BENCH-')").count()
            share_alarms = page.locator('article.alarm[data-kind="negative_share"]').count()
            seen_at = {int(k): v for k, v in page.evaluate("window.__seen").items()}
            alarms = sorted((a for a in rig.api("GET", "/api/v1/ratings/alarms?limit=1000", "chen.super")
                             if a["kind"] == "very_dissatisfied"), key=lambda a: a["id"])  # fmt: skip
            received = _received_at(work / "hub.db")
            for pressed, alarm in zip(pressed_ms[-len(alarms) :], alarms, strict=True):
                stages["serial"].append(alarm["pressed_at"] - pressed)
                stages["agent_hub"].append(alarm["raised_at"] - alarm["pressed_at"])
                stages["agent_received"].append(received[alarm["id"]] - alarm["pressed_at"])
                stages["received_row"].append(alarm["raised_at"] - received[alarm["id"]])
                stages["hub_browser"].append(seen_at[alarm["id"]] - alarm["raised_at"])
        raw = broker_round_trips(rig.broker.url, args.presses)
        buzzes = len(rig.supervisor_buzzer.frames("BUZZ"))
    finally:
        rig.stop()
    p99 = pct(latencies, 0.99)
    print(
        f"rating alarm, {args.presses} presses over {args.keypads} keypads (hub on SQLite, dashboard over SSE)"
    )
    print(line("press on serial line → card in browser", latencies))
    print(line("  serial line → agent's press stamp", stages["serial"]))
    print(line("  agent stamp → hub alarm row (outbox, MQTT)", stages["agent_hub"]))
    print(line("    agent stamp → hub received it", stages["agent_received"]))
    print(line("    hub received → alarm row (batch, handler)", stages["received_row"]))
    print(line("  hub alarm row → card (COMMIT, SSE, DOM)", stages["hub_browser"]))
    print(line("raw broker round trip (QoS 1, same Mosquitto)", raw))
    print(f"  ratio p50 alarm / p50 raw broker: {pct(latencies, 0.5) / pct(raw, 0.5):.1f}x")
    print(f"  very-dissatisfied cards on the dashboard: {cards} ({tied} tied to their prompted case); "
          f"negative-share cards: {share_alarms}; supervisor buzzer commands received: {buzzes}")  # fmt: skip
    verdict = "within" if p99 <= TARGET_P99_MS else "OVER"
    print(
        f"  verdict: p99 {p99:.1f} ms {verdict} the {TARGET_P99_MS} ms target (issue 19; issue 7 asked ≤ 1000 ms)"
    )
    complete = cards == args.presses and (args.unprompted or tied == args.presses)
    return 0 if p99 <= 1000 and complete else 1


if __name__ == "__main__":
    raise SystemExit(main())
