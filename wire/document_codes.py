"""Printed format of an administrative document's number and the QR code that points to its record."""

from __future__ import annotations

import re

#: ``<office>-<ROC year>-<6-digit serial>``, e.g. ``XT-113-000042``: one series per office and year.
NUMBER_RE = re.compile(r"^(?P<office>[A-Z][A-Z0-9]{1,9})-(?P<year>\d{2,3})-(?P<serial>\d{6})$")
ROC_OFFSET = 1911


def document_number(office: str, year: int, serial: int) -> str:
    """The printed number of the ``serial``-th document of ``office`` in AD ``year``."""
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", office):
        raise ValueError(f"office code {office!r} must be 2-10 capital letters/digits")
    if not 1 <= serial <= 999_999:
        raise ValueError(f"serial {serial} is outside 1..999999")
    return f"{office}-{year - ROC_OFFSET}-{serial:06d}"


def document_qr_content(base_url: str, number: str) -> str:
    """What the document's QR code holds: the staff page of its record."""
    if not NUMBER_RE.fullmatch(number):
        raise ValueError(f"{number!r} is not a document number")
    return f"{base_url.rstrip('/')}/staff/counter/documents/{number}"
