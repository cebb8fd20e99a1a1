"""Service catalogue: large buttons, six to a page, with fee; an offline banner when shown from the cache."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.screens.base import KioskScreen
from kiosk.widgets import BigButton

PER_PAGE = 6


class ServiceButton(BigButton):
    code = StringProperty("")


class CatalogueScreen(KioskScreen):
    page = NumericProperty(0)
    pages = NumericProperty(1)
    greeting = StringProperty("")
    offline = BooleanProperty(False)
    empty = BooleanProperty(False)

    def refresh(self) -> None:
        app, flow = self.app, self.flow
        identity = flow.identity
        if identity is None:
            self.greeting = ""
        elif identity.kind == "card":
            self.greeting = app.tr("catalogue.hello_card", name=identity.display_name)
        else:
            self.greeting = app.tr("catalogue.hello_light", id=identity.id_masked)
        services = flow.visible_services()
        self.offline, self.empty = flow.catalogue_offline, not services
        self.pages = max(1, -(-len(services) // PER_PAGE))
        self.page = min(self.page, self.pages - 1)
        grid = self.ids.grid
        grid.clear_widgets()
        for service in services[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]:
            fee = app.tr("catalogue.fee", fee=service.fee()) if service.fee() else app.tr("catalogue.free")
            button = ServiceButton(code=service.code, text=f"{service.name(app.lang)}\n{fee}")
            button.bind(on_release=self._choose)
            grid.add_widget(button)

    def _choose(self, button: Any) -> None:
        self.app.apply_step(self.flow.choose_service(button.code))

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self.refresh()


SCREEN = CatalogueScreen
