"""The Kivy application shell: lazy screens, language switch, busy and idle overlays, card watch and resets."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.headless import prepare_kivy_env

prepare_kivy_env()  # before the first kivy import

from kivy.app import App  # noqa: E402
from kivy.clock import Clock, mainthread  # noqa: E402
from kivy.core.text import LabelBase  # noqa: E402
from kivy.factory import Factory  # noqa: E402
from kivy.lang import Builder  # noqa: E402
from kivy.properties import BooleanProperty, NumericProperty, StringProperty  # noqa: E402
from kivy.uix.boxlayout import BoxLayout  # noqa: E402
from kivy.uix.modalview import ModalView  # noqa: E402
from kivy.uix.screenmanager import NoTransition  # noqa: E402

from kiosk import theme, widgets  # noqa: E402, F401  (registers the widget classes)
from kiosk.agent_api import EVENT_KIOSK_VISIT  # noqa: E402
from kiosk.agent_client import AgentClient, AgentError, AgentUnavailable, HttpAgentClient  # noqa: E402
from kiosk.catalogue import CatalogueCache  # noqa: E402
from kiosk.flow import KioskFlow, Msg, Screen, Step  # noqa: E402
from kiosk.fonts import traditional_chinese_font  # noqa: E402
from kiosk.idle import IdlePhase, IdleTimer  # noqa: E402
from kiosk.messages import translate  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402
from kiosk.speech import Speaker  # noqa: E402
from kiosk.steps import step_of  # noqa: E402

log = logging.getLogger(__name__)
# Screens "back" never returns to: the PIN (a new login), a filed case, a question already answered.
NO_RETURN = frozenset({Screen.WELCOME, Screen.PIN, Screen.DONE, Screen.PRINT_CHECK, Screen.TAKE_CARD,
                       Screen.TECH_LOGIN})  # fmt: skip
# Screens where inserting the card logs a parent in and returns to the kindergarten registration.
KINDERGARTEN = frozenset({Screen.KG_BOARD, Screen.KG_REGISTER})
HERE = Path(__file__).parent
BUSY_DELAY = 0.5  # any wait longer than this shows the progress overlay
JOB_POLL = 1.0  # how often the done/progress screens ask about this citizen's unfinished receipts
_loaded_kv: set[str] = set()


def load_kv(path: Path) -> None:
    if str(path) not in _loaded_kv:
        Builder.load_file(str(path))
        _loaded_kv.add(str(path))


class Shell(BoxLayout):
    pass


class BusyView(ModalView):
    progress = NumericProperty(0)


class CancelView(ModalView):
    """Cancel asks once: carry on (nothing lost) or end and wipe everything."""


class IdleView(ModalView):
    seconds = NumericProperty(30)


class KioskApp(App):
    lang = StringProperty("zh-TW")
    scale = NumericProperty(1.0)
    font = StringProperty("Roboto")
    current = StringProperty("")
    out_of_service = BooleanProperty(False)
    can_back = BooleanProperty(False)
    step = NumericProperty(0)  # the current screen's step in its flow (0: not in a flow)
    step_total = NumericProperty(0)
    step_name = StringProperty("")
    volume = NumericProperty(2)  # the speech volume level shown on the bar's volume button
    bar_title = StringProperty(
        "app.title"
    )  # a screen may name itself in the bar (BAR_TITLE)  # the bar's "back" (keeps what was typed) has somewhere to go

    def __init__(self, settings: KioskSettings, client: AgentClient | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.client: AgentClient = client or HttpAgentClient(settings.agent_url)
        self.lang = settings.language
        self.clock: Callable[[], float] = time.monotonic
        self.idle = IdleTimer(settings.idle_warning, settings.idle_reset, now=self.clock())
        self.speaker = Speaker(settings.speech, settings.volume)
        self.volume = settings.volume
        self.navigating = False  # inside goto(): the screen's error is spoken after its instruction
        cache = CatalogueCache(settings.cache_dir / "catalogue.json" if settings.cache_dir else None)
        self.flow = KioskFlow(self.client, cache=cache, technician_code=settings.technician_code)
        self.history: list[str] = []  # screens "back" returns to, most recent last
        self.generation = 0  # bumped by every reset; results of older work are dropped
        self.visit_started: float | None = None
        self.card_present = False
        # The generation of a card left in the slot after its session ended: no PIN prompt for it until
        # it is taken out and inserted anew (issue 18, defect 1).
        self.card_owed: int | None = None
        self._card_seen: tuple[bool, int, bool] | None = None
        self._stopping = threading.Event()
        self._busy_event: Any = None
        self._job_poll_running = False
        self.title = "OneStop"

    # -- text ---------------------------------------------------------------------------------------
    def tr(self, key: str, lang: str | None = None, **params: Any) -> str:
        return translate(key, lang or self.lang, **params)

    def trm(self, msg: Msg | None, lang: str | None = None) -> str:
        return "" if msg is None else translate(msg.key, lang or self.lang, **msg.params)

    def switch_language(self) -> None:
        self.lang = "en" if self.lang == "zh-TW" else "zh-TW"
        for screen in self.sm.screens:
            screen.on_language()
        self.speak_screen()  # in the language now chosen

    # -- building -----------------------------------------------------------------------------------
    def build(self) -> Shell:
        from kivy.core.window import Window  # created here, after run() has set the size

        fonts = self.settings.cache_dir / "fonts" if self.settings.cache_dir else None
        regular = traditional_chinese_font("Regular", fonts)
        if regular is not None:
            bold = traditional_chinese_font("Bold", fonts) or regular
            LabelBase.register("KioskSans", str(regular), fn_bold=str(bold))
            self.font = "KioskSans"
        else:
            log.warning("Noto Sans CJK not found (install fonts-noto-cjk); Chinese text will not render")
        Window.clearcolor = theme.BACKGROUND
        Window.bind(size=self._on_resize, on_touch_down=self._on_any_touch)
        self._on_resize(Window, Window.size)
        load_kv(HERE / "widgets.kv")
        load_kv(HERE / "shell.kv")
        load_kv(HERE / "screens" / "base.kv")
        self.shell = Shell()
        self.sm = self.shell.ids.sm
        self.sm.transition = NoTransition()
        self.busy_view = Factory.BusyView()
        self.idle_view = Factory.IdleView()
        self.cancel_view = Factory.CancelView()
        Clock.schedule_interval(self._tick, 0.25)
        Clock.schedule_interval(self._poll_jobs, JOB_POLL)
        threading.Thread(target=self._watch_card, name="card-watch", daemon=True).start()
        self.goto(Screen.WELCOME)
        return self.shell

    def on_stop(self) -> None:
        self._stopping.set()
        self.speaker.stop()

    def _on_resize(self, _window: Any, size: tuple[int, int]) -> None:
        w, h = size
        self.scale = min(w / theme.BASE_SIZE[0], h / theme.BASE_SIZE[1])

    # -- navigation ---------------------------------------------------------------------------------
    def screen(self, name: str) -> Any:
        """The screen ``name``, built on first use from kiosk/screens/<name>.py and its .kv."""
        if not self.sm.has_screen(name):
            module = importlib.import_module(f"kiosk.screens.{name}")
            load_kv(HERE / "screens" / f"{name}.kv")
            self.sm.add_widget(module.SCREEN(name=name))
        return self.sm.get_screen(name)

    def goto(self, name: str, error: Msg | None = None, *, back: bool = False) -> Any:
        previous = self.current
        if not back and previous and previous != name and previous not in NO_RETURN:
            if name in self.history:  # forward to a screen already passed: the path shortens
                del self.history[self.history.index(name) :]
            else:
                self.history.append(previous)
        if name in NO_RETURN:
            self.history.clear()  # nothing before the PIN, a filed case or the take-card screen is undone
        self.can_back = bool(self.history)
        where = step_of(name)
        if name == Screen.PRINT_PLAN and self.current == Screen.CONFIRM:
            where = step_of(Screen.CONFIRM)  # what an application prints is part of confirming it
        if where:  # the name first: the bar's text is bound to all three
            self.step_name, self.step_total, self.step = where[2], where[1], where[0]
        else:
            self.step, self.step_total, self.step_name = 0, 0, ""
        if name not in (Screen.WELCOME, Screen.TAKE_CARD) and self.visit_started is None:
            self.visit_started = self.clock()  # a citizen's session starts when they leave the welcome screen
        screen = self.screen(name)
        self.bar_title = getattr(screen, "BAR_TITLE", "app.title")
        self.navigating = True
        try:
            screen.error = error
            screen.refresh()
            self.sm.current = name
            self.current = name
        finally:
            self.navigating = False
        self.speak_screen(screen)
        return screen

    # -- speech (issue 18, defect 6) ------------------------------------------------------------------
    def speak_screen(self, screen: Any = None) -> None:
        """Say what is in front of the citizen: an open question overlay, else the screen's instruction
        and its error."""
        if self.cancel_view.parent is not None:
            self.speaker.say(self.lang, Msg("speech.cancel"))
        elif self.idle_view.parent is not None:
            self.speaker.say(self.lang, Msg("speech.idle"))
        else:
            screen = screen or self.sm.current_screen
            error = [screen.error] if screen.error is not None else []
            self.speaker.say(self.lang, *screen.speech(), *error)

    def repeat_speech(self) -> None:
        """The bar's "repeat": say it all again (in the language now on screen)."""
        self.speak_screen()

    def change_volume(self) -> None:
        """The bar's volume button steps off → low → medium → high → off; says the new level, then the
        screen again, so the citizen hears how loud it is now."""
        self.volume = self.speaker.louder()
        if self.volume:
            level = Msg("speech.volume", {"level": self.tr(f"volume.level.{self.volume}")})
            screen = self.sm.current_screen
            self.speaker.say(self.lang, level, *screen.speech())

    def apply_step(self, step: Step) -> None:
        if step.screen is Screen.WELCOME:
            self.reset(step.error)
        elif step.screen is not None:
            self.goto(step.screen, step.error)
        else:
            screen = self.sm.current_screen
            screen.error = step.error
            screen.refresh()

    def use_client(self, client: AgentClient, cache: CatalogueCache | None = None) -> None:
        """Point the app at another agent (tests, demo) and start over."""
        self.client = client
        self.card_present, self._card_seen = False, None  # the watcher reports the new agent's card afresh
        self.card_owed = None
        self.visit_started = None  # whatever happened before belonged to the previous agent
        self.flow = KioskFlow(
            client, cache=cache or self.flow.cache, technician_code=self.settings.technician_code
        )
        self.reset()

    def go_back(self) -> None:
        """The previous screen, with what was typed there still in place."""
        if self.history:
            self.goto(self.history.pop(), back=True)

    def go_home(self) -> None:
        """Cancel: ask once (nothing is wiped by a stray touch), except where nothing is left to lose."""
        if self.current in (Screen.DONE, Screen.WELCOME, Screen.TAKE_CARD):
            self.reset()
            return
        self.cancel_view.open(animation=False)
        self.speaker.say(self.lang, Msg("speech.cancel"))

    def cancel_answer(self, wipe: bool) -> None:
        self.cancel_view.dismiss(animation=False)
        if wipe:
            self.reset()

    def reset(self, notice: Msg | None = None, *, timed_out: bool = False) -> None:
        """Forget the citizen: wipe the presenter, destroy every screen, back to the welcome screen."""
        self.generation += 1
        old = self.flow
        papers = old.papers_printed()
        self._report_visit(old, timed_out)
        old.reset()
        self.flow = KioskFlow(self.client, cache=old.cache, technician_code=old.technician_code)
        self.flow.services, self.flow.catalogue_offline = old.services, old.catalogue_offline
        self._hide_busy()
        self.idle_view.dismiss(animation=False)
        self.cancel_view.dismiss(animation=False)
        self.history.clear()
        for screen in list(self.sm.screens):
            self.sm.remove_widget(screen)
        self.idle.touch(self.clock())
        welcome = self.goto(Screen.WELCOME)
        welcome.notice = notice
        if self.card_present and self._card_seen is not None:
            # Whatever ended the session (done, cancel, timeout, error), a card still in the slot is
            # the last citizen's: ask for it back, never offer its PIN prompt to whoever touches next.
            self.card_owed = self._card_seen[1]
            take = self.screen(Screen.TAKE_CARD)
            take.papers = papers
            self.goto(
                Screen.TAKE_CARD, notice if notice is not None and notice.key.startswith("error.") else None
            )
        elif papers:
            welcome.notice = Msg("welcome.take_papers")
            self.speaker.say(self.lang, Msg("speech.take_papers"))

    def _report_visit(self, flow: KioskFlow, timed_out: bool) -> None:
        """Send ``kiosk.visit`` (durable at the agent) for the session that ends; never blocks the screen."""
        if self.visit_started is None:
            return
        body = flow.visit(self.clock() - self.visit_started, timed_out)
        self.visit_started = None
        if body is None:
            return

        def send() -> None:
            try:
                flow.client.emit(EVENT_KIOSK_VISIT, body)
            except AgentError as exc:
                log.warning("kiosk.visit not recorded: %s", exc.code)

        threading.Thread(target=send, name="kiosk-visit", daemon=True).start()

    # -- background work ----------------------------------------------------------------------------
    def run_task(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` in a thread; show progress after 0.5 s; hand its result to ``done`` on the UI thread."""
        generation = self.generation
        self._busy_event = Clock.schedule_once(lambda _dt: self._show_busy(), BUSY_DELAY)

        def worker() -> None:
            try:
                result, failure = work(), None
            except Exception as exc:  # shown as a general error, logged without personal data
                result, failure = None, exc
            self._finish(generation, done, result, failure)

        threading.Thread(target=worker, name="kiosk-task", daemon=True).start()

    @mainthread
    def _finish(
        self, generation: int, done: Callable[[Any], None], result: Any, failure: Exception | None
    ) -> None:
        if generation != self.generation:
            return  # a reset happened meanwhile: this result belongs to someone who has left
        self._hide_busy()
        if failure is not None:
            log.error("kiosk task failed: %s", type(failure).__name__)
            self.apply_step(Step(error=Msg("error.general")))
            return
        done(result)

    def _show_busy(self) -> None:
        self.busy_view.progress = 0
        self.busy_view.open(animation=False)

    def _hide_busy(self) -> None:
        if self._busy_event is not None:
            self._busy_event.cancel()
            self._busy_event = None
        self.busy_view.dismiss(animation=False)

    def _poll_jobs(self, _dt: float) -> None:
        """A receipt whose cut the agent could not record comes back ``uncertain``: ask the citizen."""
        if self._job_poll_running or self._busy_event is not None or not self.flow.print_jobs:
            return
        if self.current not in (Screen.DONE, Screen.PROGRESS, Screen.SLIP):
            return
        self._job_poll_running = True
        flow, generation, back_to = self.flow, self.generation, Screen(self.current)

        def work() -> None:
            try:
                step = flow.check_print_jobs(back_to)
            except Exception as exc:  # never take the screen down for a background look
                log.warning("print job poll failed: %s", type(exc).__name__)
                step = Step()
            self._jobs_checked(generation, step)

        threading.Thread(target=work, name="kiosk-jobs", daemon=True).start()

    @mainthread
    def _jobs_checked(self, generation: int, step: Step) -> None:
        self._job_poll_running = False
        if generation != self.generation or step.screen is not Screen.PRINT_CHECK:
            return
        if self._busy_event is None and self.current in (Screen.DONE, Screen.PROGRESS, Screen.SLIP):
            self.idle.touch(self.clock())  # a new question gets the full time to answer
            self.goto(Screen.PRINT_CHECK)

    # -- idle timeout and card removal --------------------------------------------------------------
    def _on_any_touch(self, _window: Any, _touch: Any) -> bool:
        if self.idle_view.parent is None:  # while the warning is up only "more time" counts
            self.idle.touch(self.clock())
        return False

    def more_time(self) -> None:
        self.idle.touch(self.clock())
        self.idle_view.dismiss(animation=False)

    def _tick(self, _dt: float) -> None:
        if self.busy_view.parent is not None:
            self.busy_view.progress = (self.busy_view.progress + 8) % 100
        if self.current in (Screen.WELCOME, Screen.TAKE_CARD) and self.idle_view.parent is None:
            self.idle.touch(self.clock())  # nothing to protect on the welcome screen
            return
        status = self.idle.status(self.clock())
        if status.phase is IdlePhase.EXPIRED:
            self.reset(Msg("welcome.reset_notice"), timed_out=True)
        elif status.phase is IdlePhase.WARNING:
            self.idle_view.seconds = int(status.seconds_left + 0.99)
            if self.idle_view.parent is None:
                self.idle_view.open(animation=False)
                self.speaker.say(self.lang, Msg("speech.idle"))

    def _watch_card(self) -> None:
        """Poll the agent's card state; a new ``generation`` means the card was taken out or swapped."""
        while not self._stopping.is_set():
            try:
                state = self.client.card_state()
                seen = (state.present, state.generation, state.state in ("blocked", "unusable"))
                down = False
            except AgentError as exc:
                state, seen = None, (False, -1, False)
                down = isinstance(exc, AgentUnavailable)
            if down != self.out_of_service:
                self._set_out_of_service(down)
            if seen != self._card_seen:
                changed_card = self._card_seen is not None and seen[1] != self._card_seen[1]
                self._card_seen = seen
                self._card_changed(seen[0], state.state if state else "no_reader", changed_card)
            self._stopping.wait(self.settings.card_poll)

    @mainthread
    def _set_out_of_service(self, down: bool) -> None:
        self.out_of_service = down  # the welcome screen says so: the local agent does not answer
        if down and self.current == Screen.WELCOME:
            self.speaker.say(self.lang, Msg("error.agent_unavailable"))

    @mainthread
    def _card_changed(self, present: bool, status: str, new_generation: bool) -> None:
        self.card_present = present
        generation = self._card_seen[1] if self._card_seen is not None else -1
        if not present:
            self.card_owed = None  # taken out: the next insertion is a new session
        identity = self.flow.identity
        in_card_session = self.current == Screen.PIN or (identity is not None and identity.kind == "card")
        if in_card_session and (not present or new_generation):
            self.reset(Msg("welcome.reset_notice"))
            if not present:
                return
            self.card_owed = None  # swapped within one poll: out and in anew, its own session
        if not present and self.current == Screen.TAKE_CARD:
            self.goto(Screen.WELCOME)
            return
        if present and self.card_owed == generation:
            return  # the last citizen's card, still in the slot: the take-card screen stays
        if present and self.current in KINDERGARTEN and status not in ("blocked", "unusable"):
            # a parent registering a kindergarten logs in for the categories that need the card
            self.flow.after_login = Screen.KG_REGISTER
            self.goto(Screen.PIN)
            return
        if present and self.current in (Screen.WELCOME, Screen.TAKE_CARD):
            if status in ("blocked", "unusable"):
                self.goto(
                    Screen.WELCOME,
                    Msg("error.card_blocked" if status == "blocked" else "error.card_unusable"),
                )
            else:
                self.goto(Screen.PIN)


def run(
    agent_url: str,
    *,
    size: tuple[int, int] = (1280, 800),
    fullscreen: bool = False,
    language: str = "zh-TW",
    technician_code: str = "",
    cache_dir: Path | None = None,
    speech: bool = True,
    volume: int = 2,
    client: AgentClient | None = None,
) -> None:
    """Run the kiosk against the local agent at ``agent_url`` until the window closes (blocks)."""
    settings = KioskSettings(agent_url=agent_url, size=size, fullscreen=fullscreen, language=language,
                             technician_code=technician_code, cache_dir=cache_dir, speech=speech,
                             volume=volume)  # fmt: skip
    configure_window(settings)
    KioskApp(settings, client).run()


def configure_window(settings: KioskSettings) -> None:
    """Window size and mode; must run before the window exists (before KioskApp.build)."""
    from kivy.config import Config

    Config.set("graphics", "width", str(settings.size[0]))
    Config.set("graphics", "height", str(settings.size[1]))
    Config.set("graphics", "fullscreen", "auto" if settings.fullscreen else "0")
    Config.set("graphics", "show_cursor", "0" if settings.fullscreen else "1")
    Config.set("kivy", "exit_on_escape", "0" if settings.fullscreen else "1")
