"""Service catalogue: the groups first (one large button each, up to nine on one page), then a group's services
as large buttons with their fee, six to a page; an offline banner when shown from the cache (docs/catalogue.md)."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.screens.base import KioskScreen
from kiosk.widgets import BigButton

PER_PAGE = 6
GROUPS_PER_PAGE = 9  # three rows of three: the store menu's eight entries (004:1700) in one look


class ServiceButton(BigButton):
    code = StringProperty("")


class GroupButton(BigButton):
    code = StringProperty("")


class CatalogueScreen(KioskScreen):
    page = NumericProperty(0)
    pages = NumericProperty(1)
    greeting = StringProperty("")
    heading = StringProperty("")  # the open group's name; "" while the groups are shown
    note = StringProperty("")  # how many of the open group's services are filed elsewhere
    in_group = BooleanProperty(False)  # a group's services, with the button back to all groups
    showing_groups = BooleanProperty(False)
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
        groups = flow.catalogue_groups()
        self.offline, self.empty = flow.catalogue_offline, not groups
        chosen = (
            next(((g, s) for g, s in groups if g.code == flow.group), None)
            if flow.group is not None
            else None
        )
        if chosen is None and len(groups) == 1:
            chosen = groups[0]  # one group only: its services at once
        self.in_group = chosen is not None and len(groups) > 1
        self.showing_groups = chosen is None and bool(groups)
        grid = self.ids.grid
        grid.clear_widgets()
        if chosen is None:
            self.heading, self.note = "", ""
            self._paged(len(groups), GROUPS_PER_PAGE)
            for group, services in groups[self.page * GROUPS_PER_PAGE : (self.page + 1) * GROUPS_PER_PAGE]:
                count = app.tr("catalogue.group_count", count=len(services))
                button = GroupButton(code=group.code, text=f"{group.name(app.lang)}\n{count}")
                button.bind(on_release=self._open)
                grid.add_widget(button)
            return
        group, services = chosen
        self.heading = group.name(app.lang) if self.in_group else ""
        self.note = app.tr("catalogue.elsewhere", count=group.elsewhere) if group.elsewhere else ""
        self._paged(len(services), PER_PAGE)
        for service in services[self.page * PER_PAGE : (self.page + 1) * PER_PAGE]:
            fee = app.tr("catalogue.fee", fee=service.fee()) if service.fee() else app.tr("catalogue.free")
            button = ServiceButton(code=service.code, text=f"{service.name(app.lang)}\n{fee}")
            button.bind(on_release=self._choose)
            grid.add_widget(button)

    def _paged(self, count: int, per_page: int) -> None:
        self.pages = max(1, -(-count // per_page))
        self.page = min(self.page, self.pages - 1)

    def _open(self, button: Any) -> None:
        self.page = 0
        self.app.apply_step(self.flow.open_group(button.code))
        self.refresh()

    def all_groups(self) -> None:
        self.page = 0
        self.app.apply_step(self.flow.close_group())
        self.refresh()

    def _choose(self, button: Any) -> None:
        self.app.apply_step(self.flow.choose_service(button.code))

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self.refresh()


SCREEN = CatalogueScreen
