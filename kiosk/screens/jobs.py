"""Job vacancies: the county's townships as large buttons, then that township's vacancies, printable."""

from __future__ import annotations

from typing import Any

from kivy.factory import Factory
from kivy.properties import NumericProperty, OptionProperty, StringProperty

from kiosk.screens.base import KioskScreen


class JobsScreen(KioskScreen):
    mode = OptionProperty("townships", options=["townships", "list"])
    title = StringProperty("")
    note = StringProperty("")
    page = NumericProperty(0)
    pages = NumericProperty(1)

    def on_enter(self, *args: Any) -> None:
        if not self.flow.jobs.townships:
            self.do(self.flow.jobs.load)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self._panels = {name: self.ids[name].__self__ for name in ("townships", "list")}
        self.on_mode(self, self.mode)

    def on_mode(self, _screen: Any, mode: str) -> None:
        body = self.ids.get("body")
        if body is None or not hasattr(self, "_panels"):
            return
        body.clear_widgets()
        body.add_widget(self._panels[mode])

    def refresh(self) -> None:
        jobs, app = self.flow.jobs, self.app
        self.mode = "list" if jobs.township else "townships"
        self.page, self.pages = jobs.page, jobs.pages
        self.title = (
            app.tr("jobs.list_title", township=jobs.township) if jobs.township else app.tr("jobs.title")
        )
        self.note = app.tr("jobs.printed", count=jobs.printed) if jobs.printed else ""
        grid = self.ids.get("grid")
        if grid is not None:
            grid.clear_widgets()
            for township, count in jobs.townships:
                button = Factory.TownshipButton(text=app.tr("jobs.township", township=township, count=count))
                button.township = township
                button.bind(on_release=lambda b: self.do(lambda: self.flow.jobs.choose(b.township)))
                grid.add_widget(button)
        cards = self.ids.get("cards")
        if cards is not None:
            cards.clear_widgets()
            for job in jobs.rows:
                head = f"[b]{job.company}　{job.title}[/b]　{app.tr('jobs.col_openings')} {job.openings}　{job.pay}　{job.education}"
                cards.add_widget(Factory.JobCard(text=f"{head}\n{job.duties}\n{job.address}　{job.phone}"))
            if jobs.township and not jobs.rows:
                cards.add_widget(Factory.KLabel(text=app.tr("jobs.none")))

    def turn(self, delta: int) -> None:
        self.do(lambda: self.flow.jobs.turn(delta))

    def print_page(self) -> None:
        lang = self.app.lang
        self.do(lambda: self.flow.jobs.print_page(lang))

    def back(self) -> None:
        self.do(self.flow.jobs.load)


SCREEN = JobsScreen
