"""Component factories: peripherals built from firmware_config's device blocks (the one settings schema).

The hub's pushed configuration gives the blocks (``*_from_block``); ``components:`` in agent.yaml may give the
same blocks for a host configured by hand (``build_*``), plus host-only options (font, SANE config dir).
Each raises ValueError naming the key; listed in edge_agent.components.COMPONENT_FACTORIES.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from edge_agent.devices.printer.layout import FontSpec
from firmware_config.schema import (
    A4PrinterBlock,
    BarcodeReaderBlock,
    KeypadBlock,
    ReceiptPrinterBlock,
    ScannerBlock,
)

if TYPE_CHECKING:
    from edge_agent.config import AgentConfig
    from edge_agent.devices.a4printer.service import A4Printer
    from edge_agent.devices.barcode.service import BarcodeReader
    from edge_agent.devices.forms.service import FormPrinter
    from edge_agent.devices.keypad.service import RatingKeypad
    from edge_agent.devices.printer.service import ReceiptPrinter
    from edge_agent.devices.printer.spool import PrintSpool
    from edge_agent.devices.scanner.service import DocumentScanner


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _parse(name: str, model: type[BaseModel], settings: Mapping[str, Any]) -> Any:
    try:
        return model.model_validate(dict(settings))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "(settings)"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown setting (check its spelling)"
        elif err["type"] == "missing":
            message = "is required but missing"
        raise ValueError(f"{name}.{key}: {message}") from None


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


def parse_block(name: str, block: type[BaseModel], settings: Mapping[str, Any]) -> Any:
    """A firmware_config block from agent.yaml settings; ValueError naming ``name.key``."""
    return _parse(name, block, settings)


def _split(name: str, block: type[BaseModel], local: type[_Settings], settings: Mapping[str, Any]) -> Any:
    """``settings`` as (the firmware_config block, the host-only options); errors name ``name.key``."""
    device = {k: v for k, v in settings.items() if k in block.model_fields}
    host = {k: v for k, v in settings.items() if k not in block.model_fields}
    return _parse(name, block, device), _parse(name, local, host)


class PrinterHost(_Settings):
    """Host-only options of a receipt printer (the device's own settings are firmware_config's block)."""

    font: str | None = None  # path of a .ttf/.ttc; default: Noto Sans CJK TC from fontconfig


def printer_from_block(
    block: ReceiptPrinterBlock,
    config: AgentConfig,
    host: PrinterHost | None = None,
    spool: PrintSpool | None = None,
) -> ReceiptPrinter:
    """A receipt printer from its firmware_config block; every printer of the host shares the one spool file."""
    from edge_agent.devices.printer.link import SerialPrinterLink
    from edge_agent.devices.printer.service import ReceiptPrinter
    from edge_agent.devices.printer.spool import PrintSpool

    host = host or PrinterHost()
    font = FontSpec(host.font) if host.font else find_cjk_font()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    spool = spool or PrintSpool(config.data_dir / "print-spool.sqlite3")
    return ReceiptPrinter(SerialPrinterLink(block.serial.port, block.serial.baudrate), spool, font)


def build_printer(settings: Mapping[str, Any], config: AgentConfig) -> ReceiptPrinter:
    """``components: {printer: {serial: {port, baudrate}, paper_width, dots, font}}`` in agent.yaml."""
    block, host = _split("printer", ReceiptPrinterBlock, PrinterHost, settings)
    return printer_from_block(block, config, host)


class KeypadSettings(_Settings):
    device_file: Path  # the keypad's firmware_config YAML (counter, port, buttons, guard, heartbeat)
    port: str | None = None  # overrides the file's serial port (e.g. a socat pty in the demo)


def keypad_from_block(block: KeypadBlock, port: str | None = None) -> RatingKeypad:
    from edge_agent.devices.keypad import core
    from edge_agent.devices.keypad.service import RatingKeypad

    rules = core.KeypadSettings(block.counter, dict(block.buttons), int(block.repeat_guard * 1000))
    return RatingKeypad(
        port or block.serial.port, rules, baudrate=block.serial.baudrate, heartbeat=block.heartbeat
    )


def build_keypad(settings: Mapping[str, Any], config: AgentConfig) -> RatingKeypad:
    from firmware_config.validate import validate_file

    s: KeypadSettings = _parse("keypad", KeypadSettings, settings)
    device, problems = validate_file(s.device_file)
    if problems or device is None or device.keypad is None:
        raise ValueError(f"keypad.device_file: {problems[0] if problems else 'is not a keypad file'}")
    return keypad_from_block(device.keypad, s.port)


class ScannerHost(_Settings):
    """Host-only options of a scanner (the device's own settings are firmware_config's block)."""

    sane_config_dir: Path | None = None  # private dll.conf (the demo enables pnm/test)
    pnm_files: list[Path] = []  # demo only: the pages the pnm backend "feeds"
    probe_every: Annotated[float, Field(ge=0, le=3600)] = 15.0  # s between idle presence checks; 0 = off


def scanner_from_block(
    block: ScannerBlock, config: AgentConfig, host: ScannerHost | None = None
) -> DocumentScanner:
    """A SANE scanner from its firmware_config block."""
    from edge_agent.devices.scanner.driver import PnmFeeder, SaneScanner, private_sane_config
    from edge_agent.devices.scanner.service import DocumentScanner

    host = host or ScannerHost()
    if host.sane_config_dir is not None:
        private_sane_config(host.sane_config_dir)

    def open_scanner() -> SaneScanner:
        feeder = PnmFeeder(host.pnm_files) if host.pnm_files else None
        return SaneScanner(block.device, resolution=block.resolution, source=block.source, feeder=feeder)

    return DocumentScanner(open_scanner, config.data_dir / "scans", probe_every=host.probe_every)


def build_scanner(settings: Mapping[str, Any], config: AgentConfig) -> DocumentScanner:
    """``components: {scanner: {device, resolution, source, sane_config_dir, pnm_files, probe_every}}``."""
    block, host = _split("scanner", ScannerBlock, ScannerHost, settings)
    return scanner_from_block(block, config, host)


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


def a4printer_from_block(block: A4PrinterBlock, config: AgentConfig) -> A4Printer:
    """A counter's A4/A5 printer on a CUPS queue; its job table lives in the agent's data folder."""
    from edge_agent.devices.a4printer.cups_ipp import CupsServer
    from edge_agent.devices.a4printer.service import A4Printer
    from edge_agent.devices.a4printer.store import JobStore

    config.data_dir.mkdir(parents=True, exist_ok=True)
    store = JobStore(config.data_dir / "a4-jobs.sqlite3")
    return A4Printer(CupsServer(block.server), block.queue, poll_s=block.poll_s, store=store)


def build_a4printer(settings: Mapping[str, Any], config: AgentConfig) -> A4Printer:
    """``components: {a4printer: {queue, server, poll_s}}`` in agent.yaml (firmware_config's a4_printer block)."""
    return a4printer_from_block(parse_block("a4printer", A4PrinterBlock, settings), config)


def barcode_from_block(block: BarcodeReaderBlock) -> BarcodeReader:
    from edge_agent.devices.barcode.service import BarcodeReader

    return BarcodeReader(block.serial.port, block.office, baudrate=block.serial.baudrate)


def build_barcode(settings: Mapping[str, Any], config: AgentConfig) -> BarcodeReader:
    """``components: {barcode: {serial: {port, baudrate}, office}}`` (firmware_config's barcode_reader block)."""
    return barcode_from_block(parse_block("barcode", BarcodeReaderBlock, settings))
