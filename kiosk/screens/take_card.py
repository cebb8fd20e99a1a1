"""Take your card: every ending of a card session (done, cancel, timeout, error) with the card still in
the slot ends here, shown and spoken; no PIN prompt until the card is taken out and inserted anew."""

from __future__ import annotations

from kivy.properties import BooleanProperty

from kiosk.screens.base import KioskScreen
from kiosk.steps import Msg


class TakeCardScreen(KioskScreen):
    papers = BooleanProperty(False)  # something was printed: take it too

    def speech(self) -> list[Msg]:
        return [Msg("speech.take_card_papers" if self.papers else "speech.take_card")]


SCREEN = TakeCardScreen
