"""Child process for test_killed_at_the_cut: prints one slip over a serial port and dies (os._exit, no
clean-up, like SIGKILL) the instant the cut has been written, before the agent can record it done."""

from __future__ import annotations

import os
import sys
import time

from edge_agent.devices.printer.escpos import FEED_AND_CUT
from edge_agent.devices.printer.layout import FontSpec
from edge_agent.devices.printer.link import SerialPrinterLink
from edge_agent.devices.printer.service import ReceiptPrinter
from edge_agent.devices.printer.spool import PrintSpool
from tests.edge_agent.devices.printer.test_service import SLIP

KILLED = 9


class DiesAtTheCut(SerialPrinterLink):
    def write(self, data: bytes) -> None:
        super().write(data)  # written and drained to the port
        if data == FEED_AND_CUT:
            os._exit(KILLED)


def main(port: str, db: str, font_path: str, font_index: str, job: str) -> int:
    printer = ReceiptPrinter(DiesAtTheCut(port, timeout=0.3), PrintSpool(db), FontSpec(font_path, int(font_index)),
                             poll=0.02, backoff=(0.05, 0.2))  # fmt: skip
    printer.submit(job, SLIP)
    printer.start()
    time.sleep(30)
    return 1  # never reached the cut


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
