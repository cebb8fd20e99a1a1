"""Payments: slips for fees due (barcodes from slip_codes), and convenience-store settlement import."""

from hub.payments import models
from hub.payments.api import router

__all__ = ["models", "router"]
