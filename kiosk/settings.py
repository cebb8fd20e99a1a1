"""The kiosk's one validated settings object, made once at start-up and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.messages import DEFAULT_LANGUAGE, LANGUAGES

SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080)}


@dataclass(frozen=True, slots=True)
class KioskSettings:
    agent_url: str = "http://127.0.0.1:8470"
    size: tuple[int, int] = (1280, 800)
    fullscreen: bool = False
    language: str = DEFAULT_LANGUAGE
    technician_code: str = ""  # empty: technician mode cannot be opened
    cache_dir: Path | None = None  # where the public service catalogue is cached for offline use
    idle_warning: float = 60.0
    idle_reset: float = 90.0
    card_poll: float = 0.4  # seconds between card-state polls; removal must reset within 2 s
    speech: bool = True  # spoken instructions and errors (issue 18: on unless switched off)
    volume: int = 2  # speech volume level: 0 off, 1 low, 2 medium, 3 high (the citizen changes it on the bar)
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.agent_url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
            raise ValueError(
                f"agent_url {self.agent_url!r} must be the local agent on loopback (http://127.0.0.1:PORT)"
            )
        if self.language not in LANGUAGES:
            raise ValueError(f"language {self.language!r} must be one of {', '.join(LANGUAGES)}")
        w, h = self.size
        if w < 1024 or h < 700:
            raise ValueError(f"window {w}x{h} is too small for the kiosk layout (at least 1024x700)")
        if self.idle_reset - self.idle_warning < 20:
            raise ValueError("idle_reset must leave at least 20 s after idle_warning")
        if not 0.05 <= self.card_poll <= 1.0:
            raise ValueError("card_poll must be between 0.05 and 1.0 s so removal resets within 2 s")
        if not 0 <= self.volume <= 3:
            raise ValueError(f"volume must be a level from 0 (off) to 3 (high), not {self.volume}")
        if self.technician_code and not (
            self.technician_code.isdigit() and 4 <= len(self.technician_code) <= 12
        ):
            raise ValueError("technician_code must be 4 to 12 digits (it is typed on the on-screen keypad)")
