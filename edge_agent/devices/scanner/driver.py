"""How the agent reads pages from a scanner: the port, the python-sane driver, and a fake for unit tests."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

from edge_agent.devices.scanner.pages import FAULTS, ScanFault, fault_for

# SANE is one library per process: init/exit must not run while one of our devices is open.
_SANE_LOCK = threading.Lock()
_sane_open_devices = 0


class ScanError(Exception):
    """A scan stopped: ``fault`` says why and what the citizen should do."""

    def __init__(self, fault: ScanFault, detail: str = "") -> None:
        super().__init__(f"{fault.technician}{f' ({detail})' if detail else ''}")
        self.fault = fault


class Scanner(Protocol):
    def pages(self) -> Iterator[Image.Image]:
        """Scan until the feeder is empty; ScanError(no_paper) if it was empty from the start."""
        ...

    def probe(self) -> None:
        """Cheap presence check of an idle scanner (no paper moves); ScanError(unavailable) if it is gone."""
        ...

    def close(self) -> None: ...


class PnmFeeder:
    """Feeds files to SANE's ``pnm`` backend, one per page, like a document feeder (demo and tests).

    ``faults`` maps a page index to a pnm status option (``status_jammed``, ``status_coveropen``...) set
    before that page; clear it (``faults.clear()``) to let the next scan go through.
    """

    def __init__(self, files: Sequence[Path | str], faults: dict[int, str] | None = None) -> None:
        self.files = [str(f) for f in files]
        self.faults = faults or {}
        self.next = 0

    def before_page(self, device: Any, index: int) -> bool:
        for option in ("status_jammed", "status_coveropen", "status_nodocs"):
            setattr(device, option, False)
        if self.next >= len(self.files):
            return False
        fault = self.faults.get(self.next)
        if fault:
            setattr(device, fault, True)
        device.filename = self.files[self.next]
        return True

    def after_page(self) -> None:
        self.next += 1


class SaneScanner:
    """A SANE device via python-sane; ``feeder`` drives the pnm backend, None for a real ADF.

    Known weak spot: backends that read through ``sanei_thread`` (SANE's own test backend among them)
    cancel their reader thread asynchronously when a scan fails; if that lands inside malloc, the
    thread never finishes exiting and ``sane_cancel`` waits for it forever (seen with the test
    backend's ``read_return_value=SANE_STATUS_JAMMED``). The scanner component then hangs; running
    scans in a child process that can be killed would contain it.
    """

    def __init__(
        self,
        device: str,
        *,
        resolution: int = 200,
        source: str | None = None,
        feeder: PnmFeeder | None = None,
    ) -> None:
        self.device_name = device
        self.resolution = resolution
        self.source = source
        self.feeder = feeder
        self._dev: Any = None

    def _open(self) -> Any:
        import sane  # type: ignore[import-untyped]

        global _sane_open_devices
        if self._dev is None:
            with _SANE_LOCK:
                try:
                    sane.init()
                    self._dev = sane.open(self.device_name)
                except (sane._sane.error, RuntimeError) as exc:
                    raise ScanError(FAULTS["unavailable"], f"{self.device_name}: {exc}") from None
                _sane_open_devices += 1
            for option, value in (("resolution", self.resolution), ("source", self.source)):
                if value is not None and option in self._dev.optlist:
                    # a backend that refuses this setting scans with its default
                    with contextlib.suppress(AttributeError, ValueError, sane._sane.error):
                        setattr(self._dev, option, value)
        return self._dev

    def pages(self) -> Iterator[Image.Image]:
        import sane

        dev = self._open()
        index = 0
        while True:
            if self.feeder is not None and not self.feeder.before_page(dev, index):
                break
            try:
                image = dev.scan()
            except sane._sane.error as exc:
                fault = fault_for(str(exc))
                if fault.code == "no_paper" and index > 0:
                    break  # the feeder ran empty after the last page: the batch is complete
                if fault.code in ("unavailable", "scanner_error"):
                    self.close()
                raise ScanError(fault, str(exc)) from None
            if self.feeder is not None:
                self.feeder.after_page()
            index += 1
            yield image
        if index == 0:
            raise ScanError(FAULTS["no_paper"])

    def probe(self) -> None:
        """Open the device, read its option descriptors, close it: no paper moves, milliseconds.

        When none of our devices is open, SANE is restarted first (``sane_exit``/``sane_init``) so it
        re-reads its configuration and rescans its buses: a scanner unplugged after the last look is seen
        as gone, and one plugged back in is found again. (SANE resolves SANE_CONFIG_DIR once per process;
        the files in it are read again on every restart.)
        """
        import sane

        if self._dev is not None:
            return  # open for a scan: that scan reports its own faults
        with _SANE_LOCK:
            if _sane_open_devices == 0:
                with contextlib.suppress(Exception):
                    sane.exit()
            try:
                sane.init()
                dev = sane.open(self.device_name)
            except (sane._sane.error, RuntimeError) as exc:
                raise ScanError(FAULTS["unavailable"], f"{self.device_name}: {exc}") from None
            try:
                dev.get_options()
            except (sane._sane.error, RuntimeError) as exc:
                raise ScanError(fault_for(str(exc)), f"{self.device_name}: {exc}") from None
            finally:
                with contextlib.suppress(Exception):
                    dev.close()

    def close(self) -> None:
        global _sane_open_devices
        dev, self._dev = self._dev, None
        if dev is not None:
            with _SANE_LOCK:
                _sane_open_devices -= 1
                with contextlib.suppress(Exception):
                    dev.close()


class FakeScanner:
    """Pages from memory; ``fault_at`` = (index, code) stops the scan there once; ``unplugged`` fails probes."""

    def __init__(self, images: Sequence[Image.Image], fault_at: tuple[int, str] | None = None) -> None:
        self.images = list(images)
        self.fault_at = fault_at
        self.next = 0
        self.unplugged = False
        self.probes = 0

    def probe(self) -> None:
        self.probes += 1
        if self.unplugged:
            raise ScanError(FAULTS["unavailable"], "fake scanner unplugged")

    def pages(self) -> Iterator[Image.Image]:
        if self.next >= len(self.images):
            raise ScanError(FAULTS["no_paper"])
        while self.next < len(self.images):
            if self.fault_at and self.fault_at[0] == self.next:
                code, self.fault_at = self.fault_at[1], None
                raise ScanError(FAULTS[code])
            self.next += 1
            yield self.images[self.next - 1]

    def close(self) -> None:
        pass


def private_sane_config(directory: Path, backends: Sequence[str] = ("pnm", "test")) -> Path:
    """A SANE config dir enabling only ``backends`` (Debian disables ``test``); sets SANE_CONFIG_DIR."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dll.conf").write_text("\n".join(backends) + "\n")
    os.environ["SANE_CONFIG_DIR"] = str(directory)
    return directory
