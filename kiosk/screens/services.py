"""More services (seed 004's store kiosk): large tiles, one service each, so the home screen stays short."""

from __future__ import annotations

from kivy.factory import Factory

from kiosk.flow import Screen
from kiosk.screens.base import KioskScreen

#: (screen, title key, hint key) of each tile, in the order a citizen reads them.
TILES: tuple[tuple[Screen, str, str], ...] = (
    (Screen.FINES, "services.fines", "services.fines_hint"),
    (Screen.JOBS, "services.jobs", "services.jobs_hint"),
    (Screen.FAQ, "services.faq", "services.faq_hint"),
    (Screen.FORMS, "services.forms", "services.forms_hint"),
    (Screen.SLIP, "services.slip", "services.slip_hint"),
)


class ServicesScreen(KioskScreen):
    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        for screen, title, hint in TILES:
            tile = Factory.ServiceTile()
            tile.screen, tile.hint, tile.title = screen.value, hint, title  # title last: it draws the text
            tile.bind(on_release=lambda t: self.open(t.screen))
            self.ids.tiles.add_widget(tile)
            self.ids[screen.value] = tile.proxy_ref

    def open(self, name: str) -> None:
        self.app.goto(Screen(name))

    def home(self) -> None:
        self.app.go_home()


SCREEN = ServicesScreen
