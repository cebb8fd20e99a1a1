"""Component factories for the agent config (``components: {printer: {...}, keypad: {...}, ...}``).

Each validates its own settings and raises ValueError naming the key; listed in
edge_agent.components.COMPONENT_FACTORIES.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from edge_agent.devices.printer.layout import FontSpec

if TYPE_CHECKING:
    from edge_agent.config import AgentConfig
    from edge_agent.devices.a4printer.service import A4Printer
    from edge_agent.devices.barcode.service import BarcodeReader
    from edge_agent.devices.forms.service import FormPrinter
    from edge_agent.devices.keypad.service import RatingKeypad
    from edge_agent.devices.printer.service import ReceiptPrinter
    from edge_agent.devices.scanner.service import DocumentScanner


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _parse(name: str, model: type[_Settings], settings: Mapping[str, Any]) -> Any:
    try:
        return model.model_validate(dict(settings))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "(settings)"
        raise ValueError(f"{name}.{key}: {err['msg'].removeprefix('Value error, ')}") from None


def find_cjk_font(family: str = "Noto Sans CJK TC") -> FontSpec:
    """The installed font file of ``family`` (fonts-noto-cjk); ValueError if fontconfig has none."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", family], capture_output=True, text=True,
                             timeout=10, check=True).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        raise ValueError(f"cannot ask fontconfig for {family}: {exc}") from None
    path, _, index = out.rpartition(":")
    if "CJK" not in path:
        raise ValueError(f"{family} is not installed (Debian package fonts-noto-cjk)")
    return FontSpec(path, int(index or 0))


class PrinterSettings(_Settings):
    port: str
    baudrate: Annotated[int, Field(ge=1200, le=921_600)] = 115_200
    font: str | None = None  # path of a .ttf/.ttc; default: Noto Sans CJK TC from fontconfig


def build_printer(settings: Mapping[str, Any], config: AgentConfig) -> ReceiptPrinter:
    from edge_agent.devices.printer.link import SerialPrinterLink
    from edge_agent.devices.printer.service import ReceiptPrinter
    from edge_agent.devices.printer.spool import PrintSpool

    s: PrinterSettings = _parse("printer", PrinterSettings, settings)
    font = FontSpec(s.font) if s.font else find_cjk_font()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    return ReceiptPrinter(
        SerialPrinterLink(s.port, s.baudrate), PrintSpool(config.data_dir / "print-spool.sqlite3"), font
    )


class KeypadSettings(_Settings):
    device_file: Path  # the keypad's firmware_config YAML (counter, port, buttons, guard, heartbeat)
    port: str | None = None  # overrides the file's serial port (e.g. a socat pty in the demo)


def build_keypad(settings: Mapping[str, Any], config: AgentConfig) -> RatingKeypad:
    from edge_agent.devices.keypad import core
    from edge_agent.devices.keypad.service import RatingKeypad
    from firmware_config.validate import validate_file

    s: KeypadSettings = _parse("keypad", KeypadSettings, settings)
    device, problems = validate_file(s.device_file)
    if problems or device is None or device.keypad is None:
        raise ValueError(f"keypad.device_file: {problems[0] if problems else 'is not a keypad file'}")
    k = device.keypad
    rules = core.KeypadSettings(k.counter, dict(k.buttons), int(k.repeat_guard * 1000))
    return RatingKeypad(s.port or k.serial.port, rules, baudrate=k.serial.baudrate, heartbeat=k.heartbeat)


class ScannerSettings(_Settings):
    device: str  # SANE device name, e.g. "pnm:0" or "fujitsu:..."
    resolution: Annotated[int, Field(ge=75, le=600)] = 200
    source: str | None = None
    sane_config_dir: Path | None = None  # private dll.conf (the demo enables pnm/test)
    pnm_files: list[Path] = []  # demo only: the pages the pnm backend "feeds"
    probe_every: Annotated[float, Field(ge=0, le=3600)] = 15.0  # s between idle presence checks; 0 = off


def build_scanner(settings: Mapping[str, Any], config: AgentConfig) -> DocumentScanner:
    from edge_agent.devices.scanner.driver import PnmFeeder, SaneScanner, private_sane_config
    from edge_agent.devices.scanner.service import DocumentScanner

    s: ScannerSettings = _parse("scanner", ScannerSettings, settings)
    if s.sane_config_dir is not None:
        private_sane_config(s.sane_config_dir)

    def open_scanner() -> SaneScanner:
        feeder = PnmFeeder(s.pnm_files) if s.pnm_files else None
        return SaneScanner(s.device, resolution=s.resolution, source=s.source, feeder=feeder)

    return DocumentScanner(open_scanner, config.data_dir / "scans", probe_every=s.probe_every)


class FormsSettings(_Settings):
    cups_queue: str | None = None
    directory: Path | None = None
    font: str | None = None


def build_forms(settings: Mapping[str, Any], config: AgentConfig) -> FormPrinter:
    from edge_agent.devices.forms.queue import CupsQueue, DirectoryQueue, PrintQueue
    from edge_agent.devices.forms.service import FormPrinter

    s: FormsSettings = _parse("forms", FormsSettings, settings)
    if s.cups_queue and s.directory:
        raise ValueError("forms: give cups_queue or directory, not both")
    queue: PrintQueue = (
        CupsQueue(s.cups_queue)
        if s.cups_queue
        else DirectoryQueue(s.directory or config.data_dir / "form-queue")
    )
    return FormPrinter(queue, FontSpec(s.font) if s.font else find_cjk_font())


class A4PrinterSettings(_Settings):
    queue: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,126}$")]  # the CUPS queue name
    server: Annotated[str, Field(pattern=r"^$|^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$")] = ""  # host:port; '' = local
    poll_s: Annotated[float, Field(gt=0, le=10)] = 0.5  # s between job-state polls while a job is open


def build_a4printer(settings: Mapping[str, Any], config: AgentConfig) -> A4Printer:
    from edge_agent.devices.a4printer.cups_ipp import CupsServer
    from edge_agent.devices.a4printer.service import A4Printer
    from edge_agent.devices.a4printer.store import JobStore

    s: A4PrinterSettings = _parse("a4printer", A4PrinterSettings, settings)
    store = JobStore(config.data_dir / "a4-jobs.sqlite3")
    return A4Printer(CupsServer(s.server), s.queue, poll_s=s.poll_s, store=store)


class BarcodeSettings(_Settings):
    port: str  # the reader's serial port (USB-CDC), e.g. /dev/ttyACM0; a socat pty in tests
    office: Annotated[
        str, Field(pattern=r"^[A-Z][A-Z-]{1,19}$")
    ]  # the counter's office (hub/pickup/rules.py)
    baudrate: Annotated[int, Field(ge=1200, le=921_600)] = 9600


def build_barcode(settings: Mapping[str, Any], config: AgentConfig) -> BarcodeReader:
    from edge_agent.devices.barcode.service import BarcodeReader

    s: BarcodeSettings = _parse("barcode", BarcodeSettings, settings)
    return BarcodeReader(s.port, s.office, baudrate=s.baudrate)
