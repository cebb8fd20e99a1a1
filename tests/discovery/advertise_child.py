"""Run an Advertiser in its own process (a device that can be killed without saying goodbye)."""

import signal
import sys
import threading

from discovery import Advertiser
from wire.onboarding import Advertisement, Role

if __name__ == "__main__":
    device, ttl = sys.argv[1], int(sys.argv[2])
    interface = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    ad = Advertisement(Role.AGENT, device, "kiosk", "0.1.0", 0, provisioned=False)
    with Advertiser(ad, 8470, interfaces=[interface], ttl=ttl):
        print("ready", flush=True)
        stop.wait()
