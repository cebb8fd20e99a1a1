"""The demo's virtual hardware, all real code paths: a citizen card on pcscd + vpcd, a receipt printer and a
rating keypad on socat ptys, a SANE ``pnm`` scanner fed with prepared pages, an A4 form queue directory, and
the counter's A4 printer: a private cupsd with a file-backed queue (onestop/dev/cups_rig.py).

Each part that cannot start on this machine (no pcscd, no socat) is skipped with a note; the demo goes on.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

FIRMWARE = Path(__file__).resolve().parent.parent / "firmware_config" / "devices"
KEYPAD_FILE = FIRMWARE / "tpe-xinyi-c01-keypad.yaml"


@dataclass
class VirtualDevices:
    data_dir: Path
    notes: list[str] = field(default_factory=list)
    citizen: dict[str, Any] = field(default_factory=dict)
    pki: dict[str, Path] = field(default_factory=dict)
    returned_case: str = ""
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    printer: Any = None
    keypad: Any = None
    card: Any = None
    card_reader: str | None = None
    cups: Any = None
    a4_out: Path | None = None
    _printed: int = 0

    def start(self) -> VirtualDevices:
        from onestop.dev.pki import build_dev_pki, write_dev_pki

        self.pki = write_dev_pki(build_dev_pki(), self.data_dir / "pki")
        self.citizen = json.loads(self.pki["citizens"].read_text(encoding="utf-8"))["cards"]["valid"]
        self._start_serial_devices()
        self._prepare_returned_pages()
        self._start_card()
        self._start_cups()
        return self

    def _start_cups(self) -> None:
        from onestop.dev.cups_rig import CupsRig

        try:
            self.cups = CupsRig(self.data_dir / "cups").start()
            self._stack.callback(self.cups.stop)
            self.a4_out = self.cups.add_queue("counter_a4")
        except (OSError, RuntimeError, TimeoutError) as exc:
            self.cups = None
            self.notes.append(f"counter A4 printer (CUPS) skipped: {exc}")

    def _start_serial_devices(self) -> None:
        from onestop.dev.keypad_emulator import KeypadEmulator
        from onestop.dev.printer_emulator import PrinterEmulator
        from onestop.dev.ptys import PtyPair

        try:
            printer_pty = PtyPair(self.data_dir / "tty", "printer").start()
            self._stack.callback(printer_pty.stop)
            self.printer = PrinterEmulator(printer_pty.device).start()
            self._stack.callback(self.printer.stop)
            self.printer_port = str(printer_pty.host)
            keypad_pty = PtyPair(self.data_dir / "tty", "keypad").start()
            self._stack.callback(keypad_pty.stop)
            self.keypad = KeypadEmulator(keypad_pty.device).start()
            self._stack.callback(self.keypad.stop)
            self.keypad_port = str(keypad_pty.host)
        except (OSError, RuntimeError) as exc:
            self.notes.append(f"receipt printer and keypad skipped: {exc}")

    def _prepare_returned_pages(self) -> None:
        """Two pages a citizen brings back signed: one carries its case's QR code, one lost it (flagged)."""
        from datetime import date

        import qrcode

        from wire.payloads.cases import Origin, make_case_no
        from wire.printed import case_qr_content

        self.returned_case = make_case_no(Origin.KIOSK, date.today())
        self.pages = []
        for index, qr_text in enumerate([case_qr_content(self.returned_case), None]):
            page = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
            draw = ImageDraw.Draw(page)
            draw.text((120, 120), f"Returned form, page {index + 1}", fill=0)
            for y in range(400, 1500, 90):
                draw.line((120, y, 1120, y), fill=0, width=2)
            if qr_text:
                page.paste(qrcode.make(qr_text, box_size=8).get_image().convert("L"), (900, 80))
            path = self.data_dir / f"returned-page-{index + 1}.pgm"
            page.save(path)
            self.pages.append(path)

    def _start_card(self) -> None:
        from onestop.dev.card_applet import APPLET_AID, load_applet
        from onestop.dev.card_emulator import VirtualCard
        from onestop.dev.pcsc import PcscdError, PrivatePcscd

        base = self.pki["citizens"].parent
        try:
            pcscd = PrivatePcscd(self.data_dir / "pcscd", slot_timeout=5).start()
            self._stack.callback(pcscd.stop)
            applet = load_applet(
                str(base / self.citizen["cert"]),
                str(base / self.citizen["key"]),
                self.citizen["pin"],
                APPLET_AID,
            )
            self.card = VirtualCard(applet, pcscd.vpcd_port)
            self._stack.callback(self.card.remove)
            self.card_reader = pcscd.reader_name
        except (PcscdError, OSError, ValueError) as exc:
            self.notes.append(f"card reader skipped: {exc}")

    def insert_card(self) -> bool:
        if self.card is None:
            return False
        self.card.insert()
        return True

    def kiosk_components(self) -> dict[str, Any]:
        components: dict[str, Any] = {
            "forms": {"directory": str(self.data_dir / "printed-forms")},
            "library": {},  # the forms library cached in the agent's data folder (issue 15)
            "scanner": {
                "device": "pnm:0",
                "sane_config_dir": str(self.data_dir / "sane"),
                "pnm_files": [str(p) for p in self.pages],
            },
        }
        if self.printer is not None:
            components["printer"] = {"serial": {"port": self.printer_port}}
        if self.card_reader is not None:
            components["card"] = {"reader": self.card_reader}
        return components

    def counter_components(self) -> dict[str, Any]:
        components: dict[str, Any] = {}
        if self.keypad is not None:
            components["keypad"] = {"device_file": str(KEYPAD_FILE), "port": self.keypad_port}
        if self.cups is not None:
            components["a4printer"] = {"queue": "counter_a4", "server": self.cups.server}
        return components

    def hub_args(self) -> list[str]:
        return ["--trust-anchors", str(self.pki["trust_anchors"]), "--crl", str(self.pki["crl"])]

    def save_printed(self) -> list[Path]:
        """Write every receipt the printer cut since the last call as a PNG under ``printed/``."""
        if self.printer is None:
            return []
        from edge_agent.devices.printer.machine import image_from_sheet

        with self.printer.lock:
            sheets = self.printer.machine.complete_sheets
        out = self.data_dir / "printed"
        out.mkdir(exist_ok=True)
        paths = []
        for sheet in sheets[self._printed :]:
            self._printed += 1
            path = out / f"receipt-{self._printed:03d}.png"
            image_from_sheet(sheet).save(path)
            paths.append(path)
        return paths

    def stop(self) -> None:
        self._stack.close()
