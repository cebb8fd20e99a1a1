"""Schema of a device file: one model per block, then cross-field checks (ESPHome's ``check_keys`` habit).

Config keys are named constants; durations are ESPHome-style text (``5s``, ``500ms``, ``2min``).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from wire.payloads.ratings import RatingButton

CONF_DEVICE = "device"
CONF_KEYPAD = "keypad"
CONF_RECEIPT_PRINTER = "receipt_printer"
CONF_SCANNER = "scanner"
CONF_CARD_READER = "card_reader"
CONF_MQTT = "mqtt"
CONF_BUTTONS = "buttons"
CONF_REPEAT_GUARD = "repeat_guard"
CONF_DOTS = "dots"

#: Repeat presses within this many seconds are dropped at the source; a config may only lengthen it.
MIN_REPEAT_GUARD_S = 5.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0}


def parse_duration(value: Any) -> float:
    """``"5s"`` → 5.0 seconds; a bare number is seconds."""
    if isinstance(value, bool):
        raise ValueError("a duration looks like 5s, 500ms or 2min")
    if isinstance(value, int | float):
        return float(value)
    match = _DURATION.fullmatch(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a duration: write it like 5s, 500ms or 2min")
    return float(match.group(1)) * _UNITS[match.group(2)]


Seconds = Annotated[float, BeforeValidator(parse_duration), Field(ge=0)]
DeviceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62})$")]
CounterId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]


class _Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeviceKind(StrEnum):
    KEYPAD = "keypad"
    RECEIPT_PRINTER = "receipt_printer"
    SCANNER = "scanner"
    CARD_READER = "card_reader"
    A4_PRINTER = "a4_printer"  # a counter's A4/A5 printer: a CUPS queue (issues 14, 15)
    BARCODE_READER = "barcode_reader"  # a counter's 2D reader of pick-up codes on a serial line (issue 17)


class DeviceBlock(_Block):
    id: DeviceId
    site: DeviceId
    kind: DeviceKind
    name: Annotated[str, StringConstraints(max_length=100)] = ""


#: 8N1 at 9600 baud: the keypad line protocol's rate and the factory setting of ESC/POS serial printers
#: (python-escpos's default too). A printer set to another rate says so in its file (see the 80 mm package).
DEFAULT_BAUDRATE = 9600


class SerialBlock(_Block):
    port: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    baudrate: Annotated[int, Field(ge=1200, le=921_600)] = DEFAULT_BAUDRATE


class PromptBlock(_Block):
    voice: Annotated[int, Field(ge=0, le=99)] = 1
    timeout: Seconds = 60.0


class KeypadBlock(_Block):
    counter: CounterId
    serial: SerialBlock
    buttons: dict[Annotated[int, Field(ge=1, le=4)], RatingButton]
    repeat_guard: Seconds = MIN_REPEAT_GUARD_S
    prompt: PromptBlock = PromptBlock()
    heartbeat: Seconds = 10.0
    alarm_on: list[RatingButton] = [RatingButton.VERY_DISSATISFIED]


class ReceiptPrinterBlock(_Block):
    serial: SerialBlock
    paper_width: Annotated[int, Field(description="mm")] = 80
    dots: int = 576


class ScannerBlock(_Block):
    device: Annotated[str, StringConstraints(min_length=1, max_length=200)]  # SANE name, e.g. "pnm:0"
    resolution: Annotated[int, Field(ge=75, le=600)] = 200
    # The backend's own name for the paper source (``scanimage --help -d DEV`` lists them: the test backend
    # says "Automatic Document Feeder", fujitsu "ADF Front", pnm has none); omitted = the backend's default.
    source: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    max_pages: Annotated[int, Field(ge=1, le=200)] = 50


class CardReaderBlock(_Block):
    """The citizen certificate card reader (PC/SC through pcscd)."""

    reader: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None  # None: the first
    poll_timeout: Annotated[Seconds, Field(ge=0.02, le=2)] = 0.2


class A4PrinterBlock(_Block):
    """A counter's A4/A5 printer: the CUPS queue the agent submits PDFs to over IPP."""

    queue: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,126}$")]
    server: Annotated[str, StringConstraints(pattern=r"^$|^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$")] = (
        ""  # '' = local
    )
    poll_s: Annotated[float, Field(gt=0, le=10)] = 0.5  # s between job-state polls while a job is open


class BarcodeReaderBlock(_Block):
    """A counter's 2D barcode reader (USB-CDC serial) that reads pick-up codes for its office."""

    serial: SerialBlock
    office: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z-]{1,19}$")]  # hub/pickup/rules.py's codes


class MqttBlock(_Block):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=8, max_length=200)]


class DeviceFile(_Block):
    device: DeviceBlock
    keypad: KeypadBlock | None = None
    receipt_printer: ReceiptPrinterBlock | None = None
    scanner: ScannerBlock | None = None
    card_reader: CardReaderBlock | None = None
    a4_printer: A4PrinterBlock | None = None
    barcode_reader: BarcodeReaderBlock | None = None
    mqtt: MqttBlock | None = None


_PAPER_DOTS = {58: 384, 80: 576}


def cross_checks(config: DeviceFile) -> list[tuple[tuple[str | int, ...], str]]:
    """Rules across keys; each problem is (path of the key to blame, message)."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    kind = config.device.kind
    for block in DeviceKind:
        present = getattr(config, block.value) is not None
        if block is kind and not present:
            problems.append(((CONF_DEVICE, "kind"), f"a {kind.value} needs a '{block.value}:' block"))
        elif block is not kind and present:
            problems.append(((block.value,), f"does not belong in a {kind.value}'s file (device.kind)"))
    if config.keypad is not None:
        keypad = config.keypad
        ratings = list(keypad.buttons.values())
        missing = [r.value for r in RatingButton if r not in ratings]
        doubled = sorted({r.value for r in ratings if ratings.count(r) > 1})
        if doubled:
            problems.append(((CONF_KEYPAD, CONF_BUTTONS), f"{', '.join(doubled)} is on more than one key"))
        if missing:
            problems.append(
                ((CONF_KEYPAD, CONF_BUTTONS), f"no key for {', '.join(missing)} (all four are needed)")
            )
        if keypad.repeat_guard < MIN_REPEAT_GUARD_S:
            problems.append(
                (
                    (CONF_KEYPAD, CONF_REPEAT_GUARD),
                    f"must be at least {MIN_REPEAT_GUARD_S:g}s (no ballot stuffing)",
                )
            )
        if keypad.prompt.timeout <= keypad.repeat_guard:
            problems.append(((CONF_KEYPAD, "prompt", "timeout"), "must be longer than repeat_guard"))
        if not 1.0 <= keypad.heartbeat <= 60.0:
            problems.append(((CONF_KEYPAD, "heartbeat"), "must be between 1s and 60s"))
    if config.receipt_printer is not None:
        printer = config.receipt_printer
        expected = _PAPER_DOTS.get(printer.paper_width)
        if expected is None:
            problems.append(((CONF_RECEIPT_PRINTER, "paper_width"), "must be 58 or 80 (mm)"))
        elif printer.dots != expected:
            problems.append(
                ((CONF_RECEIPT_PRINTER, CONF_DOTS), f"{printer.paper_width} mm paper is {expected} dots wide")
            )
    return problems
