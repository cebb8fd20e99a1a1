"""Every message body of the contract, one module per subject; importing this registers them all."""

from wire.payloads import device, visits

__all__ = ["device", "visits"]
