"""Errors of the peripherals; each says what a citizen or technician can do about it."""

from __future__ import annotations


class DeviceError(Exception):
    """A device problem: ``code`` for machines, the message for technicians, ``citizen`` for the screen."""

    code = "device_error"
    citizen = "裝置暫時無法使用，請洽服務人員。"

    def __init__(self, message: str, *, code: str | None = None, citizen: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code
        if citizen:
            self.citizen = citizen


class DeviceUnavailable(DeviceError):
    """The device does not answer: unplugged, powered off or its port is missing."""

    code = "unavailable"
    citizen = "裝置未連線，請洽服務人員。"


class BadRequest(ValueError):
    """A print/scan request that cannot be carried out as given; nothing was queued or changed."""
