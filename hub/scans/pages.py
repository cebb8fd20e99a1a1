"""Where the scan widget template lives (``scans/_scan.html``), for features whose pages scan at the counter."""

from pathlib import Path

SCANS_TEMPLATES = Path(__file__).with_name("templates")
