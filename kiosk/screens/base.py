"""Base screens: error/notice banners, and a keypad screen whose fields are typed on the on-screen pad."""

from __future__ import annotations

from typing import Any, ClassVar

from kivy.app import App
from kivy.properties import DictProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.keypads import PadKind, PadState
from kiosk.speech import INSTRUCTIONS
from kiosk.steps import Msg
from kiosk.widgets import BACK, CLEAR

FieldSpecs = dict[str, PadKind | tuple[PadKind, int]]


def pad_mode(pad: PadState) -> str:
    """The keypad that offers what ``pad`` takes next (a full pad keeps the keys of its last character)."""
    expects = pad.expects() or (pad.backspace().expects() if pad.text else "")
    if pad.kind is PadKind.NATIONAL_ID and not pad.text:
        return "letters"
    if pad.kind is PadKind.SLIP_PASSWORD:
        return "slip"
    if pad.kind in (PadKind.CASE_NO, PadKind.QUERY_PASSWORD):
        return (
            "origin"
            if not pad.text and pad.kind is PadKind.CASE_NO
            else "digits"
            if expects.isdigit()
            else "code"
        )
    return "digits"


class KioskScreen(Screen):
    """A screen reads the presenter in ``refresh()``; ``error`` and ``notice`` are catalogue messages."""

    error = ObjectProperty(None, allownone=True)
    notice = ObjectProperty(None, allownone=True)

    @property
    def app(self) -> Any:
        return App.get_running_app()

    @property
    def flow(self) -> Any:
        return self.app.flow

    def refresh(self) -> None:
        pass

    def speech(self) -> list[Msg]:
        """What this screen says when it appears and on "repeat" (its error is added by the app)."""
        return [Msg(INSTRUCTIONS[self.name])]

    def say_again(self) -> None:
        """The screen changed what it asks for while in view (a panel, an answer, a print): say it anew."""
        app = self.app
        if app is not None and app.current == self.name and not app.navigating:
            app.speak_screen(self)

    def on_error(self, _screen: object, error: Msg | None) -> None:
        """Every error shown on the screen in view is spoken too (on arrival the app says it after the
        instruction)."""
        app = self.app
        if error is not None and app is not None and app.current == self.name and not app.navigating:
            app.speaker.say(app.lang, error)

    def on_language(self) -> None:
        self.refresh()

    def do(self, work: Any) -> None:
        """Run a presenter call in the background and follow the Step it returns."""
        self.error = None
        self.app.run_task(work, self.app.apply_step)


class PadScreen(KioskScreen):
    """Fields typed on one keypad; ``values`` holds each field's display text (PINs masked)."""

    FIELDS: ClassVar[FieldSpecs] = {}
    CLEAR_ON_LEAVE: ClassVar[bool] = True
    active = StringProperty("")
    values = DictProperty({})

    def __init__(self, **kwargs: Any) -> None:
        self.pads: dict[str, PadState] = {}
        for name, spec in self.FIELDS.items():
            kind, max_len = spec if isinstance(spec, tuple) else (spec, 0)
            self.pads[name] = PadState(kind, max_len=max_len)
        super().__init__(**kwargs)
        self.active = next(iter(self.FIELDS), "")
        self._show()

    def text(self, name: str) -> str:
        return self.pads[name].text

    def activate(self, name: str) -> None:
        self.active = name
        self._show()

    def press(self, key: str) -> None:
        pad = self.pads[self.active]
        if key == BACK:
            pad = pad.backspace()
        elif key == CLEAR:
            pad = pad.clear()
        else:
            before = pad
            pad = pad.press(key)
            if pad is before:
                return
        self.pads[self.active] = pad
        self.error = None
        self._show()
        if len(pad.text) == pad.max_len:
            self._advance()

    def on_leave(self, *args: Any) -> None:
        """What was typed here does not stay behind on a screen nobody is looking at."""
        if self.CLEAR_ON_LEAVE:
            self.clear_fields()
            self.error = None

    def _advance(self) -> None:
        names = list(self.FIELDS)
        index = names.index(self.active)
        if index + 1 < len(names):
            self.activate(names[index + 1])

    def clear_fields(self) -> None:
        for name, pad in self.pads.items():
            self.pads[name] = pad.clear()
        self.active = next(iter(self.FIELDS), "")
        self._show()

    def _show(self) -> None:
        self.values = {name: pad.display for name, pad in self.pads.items()}
        pad_widget = self.ids.get("pad")
        active = self.pads.get(self.active)
        if pad_widget is not None and active is not None:
            pad_widget.mode = pad_mode(active)

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self._show()

    def on_language(self) -> None:
        pad_widget = self.ids.get("pad")
        if pad_widget is not None:
            pad_widget.relabel()
        self.refresh()
