"""Writes a PNG of every kiosk screen in both languages and both window sizes (``scripts/screenshots kiosk``)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.headless import Xvfb, prepare_kivy_env
from onestop.screenshots.kiosk_services import service_scenes

SIZES = ((1280, 800), (1920, 1080))
LANGS = ("zh-TW", "en")


def _scenes(d: object, agent: object) -> list[tuple[str, Callable[[], None]]]:
    """(name, action that brings the app to that screen) — run in order, each from a fresh reset."""
    from kiosk.driver import KioskDriver
    from kiosk.flow import Screen
    from onestop.dev.fake_agent import FakeAgent

    assert isinstance(d, KioskDriver) and isinstance(agent, FakeAgent)
    app = d.app

    def card_login() -> None:
        agent.insert_card()
        d.wait_until(lambda: app.current == Screen.PIN)
        app.apply_step(app.flow.submit_pin("123456"))

    def apply_for(code: str) -> None:
        card_login()
        app.apply_step(app.flow.choose_service(code))

    def confirm() -> None:
        apply_for("HR-TRANSCRIPT")
        app.flow.change_copies(1)
        app.apply_step(app.flow.review("0912345678"))

    def done(offline: bool) -> Callable[[], None]:
        def go() -> None:
            confirm()
            agent.hub_online = not offline
            app.apply_step(app.flow.submit_application())

        return go

    def print_check() -> None:
        confirm()
        agent.cut_interruptions = 1  # the agent died at the receipt's cut
        app.apply_step(app.flow.submit_application())

    def pin_error() -> None:
        agent.insert_card()
        d.wait_until(lambda: app.current == Screen.PIN)
        d.type_keys("000000")
        d.tap(d.find("submit"))
        d.wait_until(lambda: d.screen.error is not None)

    def identify() -> None:
        app.goto(Screen.IDENTIFY)
        d.type_keys("A1234")

    def identify_error() -> None:
        app.goto(Screen.IDENTIFY)
        app.apply_step(app.flow.submit_light_id("A123456788", "0540312"))

    def catalogue_group() -> None:
        card_login()
        app.apply_step(app.flow.open_group("LABOUR"))
        d.screen.refresh()

    def catalogue_offline() -> None:
        app.flow.load_catalogue()  # cached while online
        agent.hub_online = False
        app.apply_step(app.flow.submit_light_id("A123456789", "0540312"))

    def progress() -> None:
        done(False)()
        out = app.flow.outcome
        agent.add_slip(out.case_no, 1_200, dt.date(2026, 12, 18))
        agent.case_answers[out.case_no] = {"milestone_name": "待補正", "milestone_name_en": "Waiting for documents",
                                           "waiting_for_supplement": True,
                                           "supplement_note": "請補附戶長同意書正本一份"}  # fmt: skip
        agent.remove_card()
        d.wait_until(lambda: app.current == Screen.WELCOME)
        app.goto(Screen.PROGRESS)
        d.type_keys(out.case_no.replace("-", ""))
        d.tap(d.find("password"))
        d.type_keys(out.password)
        d.tap(d.find("submit"))
        d.wait_until(lambda: bool(d.screen.result))

    def progress_slips_plan() -> None:
        progress()
        d.tap(d.find("print_slips"))
        d.wait_until(lambda: app.current == Screen.PRINT_PLAN)

    def progress_typing() -> None:
        app.goto(Screen.PROGRESS)
        d.type_keys("K2611214AD")

    def progress_error() -> None:
        app.goto(Screen.PROGRESS)
        d.type_keys("K261121")
        d.tap(d.find("password"))
        d.type_keys("MV9ZZNKX")
        d.tap(d.find("submit"))
        d.wait_until(lambda: d.screen.error is not None)

    def progress_scan() -> None:
        app.goto(Screen.PROGRESS)
        d.tap(d.find("scan_receipt"))

    def print_plan() -> None:
        apply_for("ZONING-CERT")
        app.flow.change_copies(1)
        app.apply_step(app.flow.review("0912345678"))
        app.apply_step(app.flow.plan_application())

    def returns() -> None:
        agent.scan_pages = ["K261121-7QX4M-Z3P9H", "K261121-7QX4M-Z3P9H", None]
        app.goto(Screen.RETURNS)
        app.apply_step(app.flow.scan_returns())

    def technician() -> None:
        agent.printer_problem = "paper_out"
        app.goto(Screen.TECH_LOGIN)
        app.apply_step(app.flow.unlock_technician("2468"))
        app.apply_step(app.flow.test_print())

    def idle() -> None:
        confirm()
        app.clock = lambda: 10_000.0
        app.idle.touch(10_000.0 - 65)
        d.pump(3)

    def busy() -> None:
        app.goto(Screen.RETURNS)
        app._show_busy()

    def kg_board() -> None:
        for i, number in enumerate(("0000000101", "0000000102", "0000000103")):
            agent.add_registration(number, "KG001", "2021-03-04", "mixed" if i else "two_year")
        app.goto(Screen.KG_BOARD)
        d.wait_until(lambda: d.screen.loaded)

    def kg_result() -> None:
        agent.add_registration("0000000107", "KG002", "2021-03-04", status="waitlisted", rank=3)
        app.goto(Screen.KG_BOARD)
        d.wait_until(lambda: d.screen.loaded)
        d.tap(d.find("to_result"))
        d.type_keys("0000000107" + "1100304")
        d.tap(d.find("submit"))
        d.wait_until(lambda: bool(d.screen.result))

    def kg_result_typing() -> None:
        app.goto(Screen.KG_RESULT)
        d.type_keys("00000001")

    def kg_register(choose: bool, answer: bool) -> Callable[[], None]:
        def go() -> None:
            app.goto(Screen.KG_BOARD)
            d.wait_until(lambda: d.screen.loaded)
            d.tap(d.find("to_register"))
            d.type_keys("A123456789" + "1100304")
            d.tap(d.find("phone"))
            d.type_keys("0912345678")
            d.tap(d.find("submit"))  # "next": the kindergarten from the board's list
            if choose:
                return
            d.tap(next(b for b in d.find("choices").children if b.code == "KG002"))
            d.wait_until(lambda: d.screen.panel == "confirm")
            if answer:
                d.tap(d.find("confirm"))
                d.wait_until(lambda: bool(d.screen.answer))

        return go

    def take_card() -> None:
        done(False)()
        d.tap(d.find("finish"))
        d.wait_until(lambda: app.current == Screen.TAKE_CARD)

    def cancel() -> None:
        apply_for("HR-TRANSCRIPT")
        d.tap(d.find("home"))

    def apply_form() -> None:
        card_login()
        app.apply_step(app.flow.choose_service("DISABLED-PARKING"))

    return [
        ("01-welcome", lambda: None),
        ("02-identify", identify),
        ("03-identify-error", identify_error),
        (
            "04-pin",
            lambda: (
                agent.insert_card(),
                d.wait_until(lambda: app.current == Screen.PIN),
                d.type_keys("1234"),
            ),
        ),
        ("05-pin-wrong", pin_error),
        ("06-catalogue", lambda: card_login()),  # the groups (docs/catalogue.md)
        ("06-catalogue-group", catalogue_group),  # one group's services, the note of those filed elsewhere
        ("07-catalogue-offline", catalogue_offline),
        ("08-apply", lambda: apply_for("HR-TRANSCRIPT")),
        ("09-apply-form", apply_form),
        ("10-confirm", confirm),
        ("10-print-plan", print_plan),
        ("11-done", done(False)),
        ("12-done-offline", done(True)),
        ("13-progress", progress),
        ("13-progress-slips-plan", progress_slips_plan),
        ("13-progress-start", lambda: app.goto(Screen.PROGRESS)),
        ("13-progress-typing", progress_typing),
        ("13-progress-error", progress_error),
        ("13-progress-scan", progress_scan),
        ("14-returns", returns),
        ("15-technician", technician),
        ("16-tech-login", lambda: app.goto(Screen.TECH_LOGIN)),
        ("17-idle-warning", idle),
        ("18-busy", busy),
        ("19-print-check", print_check),
        ("20-kg-board", kg_board),
        ("21-kg-result", kg_result),
        ("21-kg-result-typing", kg_result_typing),
        ("22-kg-register", kg_register(True, False)),
        ("22-kg-register-confirm", kg_register(False, False)),
        ("22-kg-register-done", kg_register(False, True)),
        *service_scenes(d, agent),  # issue 17: more services, fines
        ("23-take-card", take_card),
        ("24-cancel", cancel),
    ]


def _compact(path: Path) -> Path:
    """A 256-colour palette PNG: half the size in the repository, text edges still smooth."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path


def registered_screens() -> list[str]:
    """Every screen the app can show: each ``kiosk/screens/<name>.py`` that defines ``SCREEN``."""
    import importlib
    import pkgutil

    import kiosk.screens

    names = []
    for info in pkgutil.iter_modules(kiosk.screens.__path__):
        if hasattr(importlib.import_module(f"kiosk.screens.{info.name}"), "SCREEN"):
            names.append(info.name)
    return sorted(names)


def visit(
    d: object,
    agent: object,
    sizes: tuple[tuple[int, int], ...] = SIZES,
    langs: tuple[str, ...] = LANGS,
    only: str = "",
) -> Iterator[tuple[str, str, tuple[int, int]]]:
    """Bring the app to every scene in every size and language in turn, yielding (scene, lang, size)
    while it is shown; after the scenes, every registered screen that none of them reached."""
    import time

    from kiosk.driver import KioskDriver
    from onestop.dev.fake_agent import FakeAgent

    assert isinstance(d, KioskDriver) and isinstance(agent, FakeAgent)
    app = d.app
    reached: set[str] = set()

    def run(go: Callable[[], None], lang: str) -> None:
        agent.__dict__.update(FakeAgent().__dict__)  # same object the app holds, fresh state
        # the card watcher has seen the empty slot (else the reset asks for the last scene's card back)
        d.wait_until(lambda: app._card_seen == (False, 0, False) and not app.card_present)
        app.card_owed = None
        app.clock = time.monotonic
        app.lang = lang
        app.reset()
        d.pump(2)
        go()
        d.pump(4)
        reached.add(app.current)

    for size in sizes:
        d.resize(size)
        d.frame()  # the first frame after a resize can come out black: draw one before any scene
        for lang in langs:
            for name, go in _scenes(d, agent):
                if only and not name.startswith(only):
                    continue
                run(go, lang)
                yield name, lang, size
                app.busy_view.dismiss(animation=False)
            if only:
                continue
            for screen in registered_screens():
                if screen not in reached:
                    run(lambda screen=screen: app.goto(screen), lang)
                    yield f"bare-{screen}", lang, size


def write_all(out: Path, *, only_welcome: bool = False, only: str = "") -> list[Path]:
    """Render every scene; needs DISPLAY (a real one or Xvfb). Prints what the accessibility check finds."""
    from kiosk.accessibility import audit
    from kiosk.driver import KioskDriver
    from kiosk.settings import KioskSettings
    from onestop.dev.fake_agent import FakeAgent

    agent = FakeAgent()
    cache = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    # no speech: the pictures are silent (a desk with a sound card would hear every scene)
    d = KioskDriver.start(
        KioskSettings(technician_code="2468", cache_dir=cache, speech=False), agent, draw=False
    )
    written: list[Path] = []
    sizes = SIZES[:1] if only_welcome else SIZES
    langs = LANGS[:1] if only_welcome else LANGS
    for name, lang, size in visit(d, agent, sizes, langs, "01-welcome" if only_welcome else only):
        if name.startswith("bare-"):
            continue  # checked by the tests; a screen with no scene yet has nothing worth a picture
        path = d.screenshot(out / f"{name}.{lang}.{size[0]}x{size[1]}.png")
        if not only_welcome:
            from PIL import Image

            with Image.open(path) as image:
                for finding in audit(d.app, image, name):
                    print(f"accessibility: {finding} [{lang} {size[0]}x{size[1]}]", file=sys.stderr)
        written.append(_compact(path))
        if only_welcome:
            return written
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots/kiosk"))
    parser.add_argument(
        "--welcome-only", action="store_true", help="only the welcome screen (the demo uses this)"
    )
    parser.add_argument("--only", default="", help="only the scenes whose name starts with this, e.g. 2")
    args = parser.parse_args(argv)
    prepare_kivy_env()
    xvfb = None
    if not os.environ.get("DISPLAY"):
        xvfb = Xvfb()
        os.environ["DISPLAY"] = xvfb.start()
    try:
        for path in write_all(args.out, only_welcome=args.welcome_only, only=args.only):
            print(path)
    finally:
        if xvfb is not None:
            xvfb.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
