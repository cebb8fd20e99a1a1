"""Screenshot scenes of the services of issue 17 (more services, fines, slips by chosen password), added to
onestop.screenshots.kiosk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kiosk.steps import Screen
from wire.payloads.cases import Origin, make_case_no


def service_scenes(d: Any, agent: Any) -> list[tuple[str, Callable[[], None]]]:
    app = d.app

    def fines_typing() -> None:
        app.goto(Screen.FINES)
        d.type_keys("A123456789")

    def fines_bad() -> None:
        app.goto(Screen.FINES)
        d.tap(d.find("choose_business_no"))
        d.type_keys("22099132")
        d.tap(d.find("submit"))
        d.wait_until(lambda: d.screen.error is not None)

    def tap_row(fine_no: str) -> None:
        """The table is rebuilt after every touch: find the row afresh each time."""
        d.tap(next(w for w in d.find("table").children if getattr(w, "fine_no", "") == fine_no))

    def fines_list(ticks: int, sixth: bool = False, printed: bool = False, plan: bool = False
                   ) -> Callable[[], None]:  # fmt: skip
        def go() -> None:
            fines_typing()
            d.tap(d.find("submit"))
            d.wait_until(lambda: app.current == Screen.FINES_LIST)
            shown = [f.fine_no for f in app.flow.fines.visible() if f.store]
            for fine_no in shown[:ticks]:
                tap_row(fine_no)
            if sixth:  # five ticked, then a sixth refused, on whichever pages they are
                storable = [f.fine_no for f in app.flow.fines.fines if f.store]
                for fine_no in storable[len(shown[:ticks]) : 6]:
                    while not any(getattr(w, "fine_no", "") == fine_no for w in d.find("table").children):
                        d.tap(d.find("next"))
                    tap_row(fine_no)
            if printed or plan:
                d.tap(d.find("print"))
                d.wait_until(lambda: app.current == Screen.PRINT_PLAN)
            if printed:
                d.tap(d.find("go"))
                d.wait_until(lambda: app.current == Screen.FINES_LIST and bool(d.screen.printed_note))

        return go

    def faq(then: str) -> Callable[[], None]:
        def go() -> None:
            app.goto(Screen.FAQ)
            d.wait_until(lambda: bool(app.flow.faq.categories))
            d.pump(2)
            if then in ("typed", "list", "answer"):
                d.tap(next(w for w in d.find("keygrid").children if w.text == "戶口"))
            if then in ("list", "answer"):
                d.tap(d.find("search"))
                d.wait_until(lambda: d.screen.mode == "list")
            if then == "answer":
                d.tap(d.find("rows").children[-1])
            if then == "category":
                d.tap(d.find("cats").children[-1])
                d.wait_until(lambda: d.screen.mode == "list")

        return go

    def jobs(township: str, printed: bool = False) -> Callable[[], None]:
        def go() -> None:
            app.goto(Screen.JOBS)
            d.wait_until(lambda: bool(app.flow.jobs.townships))
            d.pump(2)
            if township:
                d.tap(next(w for w in d.find("grid").children if getattr(w, "township", "") == township))
                d.wait_until(lambda: d.screen.mode == "list")
            if printed:
                d.tap(d.find("print"))
                d.wait_until(lambda: bool(d.screen.note))

        return go

    def forms(then: str) -> Callable[[], None]:
        """The forms library (issue 15): categories, a category's forms (paged), a form printed."""

        def go() -> None:
            app.goto(Screen.SERVICES)
            d.tap(d.find("forms"))
            d.wait_until(lambda: bool(app.flow.forms.categories) and len(d.find("grid").children) > 0)
            if then == "offline":
                agent.library.online = False
                app.flow.forms.load()
                d.screen.refresh()
            if then in ("list", "print", "printed"):
                d.tap(next(w for w in d.find("grid").children if getattr(w, "code", "") == "SEAL"))
                d.wait_until(lambda: app.current == Screen.FORMS_LIST)
            if then in ("print", "printed"):
                d.tap(next(w for w in d.find("rows").children if getattr(w, "code", "") == "HR-SEAL-03"))
                d.wait_until(lambda: app.current == Screen.FORMS_PRINT)
            if then == "printed":
                d.tap(d.find("print_form"))
                d.wait_until(lambda: bool(d.screen.done))
            agent.library.online = True

        return go

    def slip(stage: str) -> Callable[[], None]:
        def go() -> None:
            case_no = make_case_no(Origin.ONLINE, dt.date(2026, 12, 1))
            agent.online_cases[case_no] = ("申辦門牌證明", "MEG2468")
            agent.add_slip(case_no, 30, dt.date(2026, 12, 20))
            app.goto(Screen.SLIP)
            d.type_keys(case_no.replace("-", ""))
            if stage == "typing":
                return
            d.tap(d.find("password"))
            d.type_keys("MEG2468" if stage == "found" else "MEG2469")
            d.tap(d.find("submit"))
            d.wait_until(lambda: bool(d.screen.result) if stage == "found" else d.screen.error is not None)

        return go

    return [
        ("38-forms", forms("")),
        ("38-forms-offline", forms("offline")),
        ("39-forms-list", forms("list")),
        ("40-forms-print", forms("print")),
        ("40-forms-printed", forms("printed")),
        ("36-jobs", jobs("")),
        ("37-jobs-township", jobs("八德市")),
        ("37-jobs-printed", jobs("蘆竹鄉", printed=True)),
        ("33-faq", faq("")),
        ("33-faq-typed", faq("typed")),
        ("34-faq-search", faq("list")),
        ("34-faq-category", faq("category")),
        ("35-faq-answer", faq("answer")),
        ("30-services", lambda: app.goto(Screen.SERVICES)),
        ("38-slip-typing", slip("typing")),  # a case filed online: number + the password chosen online
        ("38-slip-wrong", slip("wrong")),
        ("38-slip-found", slip("found")),
        ("31-fines-typing", fines_typing),
        ("31-fines-bad-business-no", fines_bad),
        ("32-fines-list", fines_list(0)),
        ("32-fines-list-sixth-refused", fines_list(4, sixth=True)),
        ("32-fines-print-plan", fines_list(3, plan=True)),
        ("32-fines-printed", fines_list(3, printed=True)),
    ]
