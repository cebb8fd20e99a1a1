"""Live kindergarten board: places, registrations and vacancies per kindergarten, paged, refreshed every 30 s."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.flow import Screen
from kiosk.screens.base import KioskScreen

REFRESH_S = 30.0
COLUMNS = (("name", 0.41), ("pool", 0.17), ("places", 0.13), ("registrations", 0.15), ("vacancies", 0.14))


class BoardLine(BoxLayout):
    """One row of the table: the kindergarten's name, class type and three counts."""

    header = BooleanProperty(False)


class KgBoardScreen(KioskScreen):
    page = NumericProperty(0)
    pages = NumericProperty(1)
    loaded = BooleanProperty(False)
    empty = BooleanProperty(False)
    truncated = BooleanProperty(False)
    _event: Any = None

    def on_enter(self, *args: Any) -> None:
        self.reload()
        self._event = Clock.schedule_interval(self._tick, REFRESH_S)

    def _tick(self, _dt: float) -> bool:
        """A reset removes the screen without leaving it: a board nobody sees stops asking the hub."""
        if self.manager is None or self.manager.current_screen is not self:
            self.on_leave()
            return False
        self.reload()
        return True

    def on_leave(self, *args: Any) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def reload(self) -> None:
        """Ask the hub again; the answer lands on this screen even if the citizen has moved on."""
        self.error = None
        self.app.run_task(self.flow.kindergarten.load_board, self._loaded)

    def _loaded(self, step: Any) -> None:
        self.error = step.error
        self.refresh()

    def refresh(self) -> None:
        kg, app = self.flow.kindergarten, self.app
        self.loaded, self.truncated = kg.board_loaded, kg.truncated
        self.empty = kg.board_loaded and not kg.rows
        self.page, self.pages = kg.page, kg.pages
        table = self.ids.get("table")
        if table is None:
            return
        table.clear_widgets()
        table.add_widget(self._line({c: app.tr(f"kg.col_{c}") for c, _ in COLUMNS}, header=True))
        # "尚無" read as "none left": say what an empty figure means (issue 18, defect 9)
        unset, undrawn = app.tr("kg.places_unset"), app.tr("kg.not_drawn")
        for row in kg.visible_rows():
            cells = {"name": row.name(app.lang), "pool": app.tr(f"kg.pool.{row.pool}"),
                     "places": unset if row.places is None else str(row.places),
                     "registrations": str(row.registrations),
                     "vacancies": undrawn if row.vacancies is None else str(row.vacancies)}  # fmt: skip
            table.add_widget(self._line(cells))

    def _line(self, cells: dict[str, str], header: bool = False) -> BoardLine:
        line = BoardLine(header=header)
        for column, width in COLUMNS:
            cell = Factory.NameCell if column == "name" and not header else Factory.BoardCell
            label = cell(text=cells[column], size_hint_x=width, bold=header,
                         halign="left" if column in ("name", "pool") else "right")  # fmt: skip
            line.add_widget(label)
        return line

    def turn(self, delta: int) -> None:
        self.flow.kindergarten.turn(delta)
        self.refresh()

    def to_register(self) -> None:
        self.app.goto(Screen.KG_REGISTER)

    def to_result(self) -> None:
        self.app.goto(Screen.KG_RESULT)


SCREEN = KgBoardScreen
