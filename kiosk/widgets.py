"""Reusable touch widgets: big buttons, field boxes and the on-screen keypads (digits, or letters for IDs)."""

from __future__ import annotations

import string
from typing import Any

from kivy.app import App
from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk import theme
from kiosk.linebreak import break_lines, has_cjk
from wire.payloads.cases import ALPHABET, SLIP_PASSWORD_CHARS, origin_letters

BACK, CLEAR = "back", "clear"


class KLabel(Label):
    """Body text that wraps to its width and grows to its height; Chinese text is broken into lines by
    ``kiosk.linebreak`` (no comma or closing bracket at the start of a line) before Kivy lays it out."""

    def texture_update(self, *largs: Any) -> None:
        width = self.text_size[0]
        if width and not self.markup and has_cjk(self.text):
            core = self._label
            core.resolve_font_name()
            room = width - self.padding[0] - self.padding[2] - 2  # 2 px: Kivy must not re-break a line
            if room > 0:
                core.text = break_lines(self.text, room, lambda s: float(core.get_extents(s)[0]))
        super().texture_update(*largs)


class KTitle(KLabel):
    pass


class Banner(KLabel):
    """A coloured strip for errors and notices; takes no room when empty."""

    bg = ColorProperty(theme.ERROR)


class StepSegments(Widget):
    """``total`` segments in a row: the finished and current steps filled, the rest outlined."""

    step = NumericProperty(0)
    total = NumericProperty(0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, step=self._draw, total=self._draw)

    def _draw(self, *_args: Any) -> None:
        self.canvas.clear()
        total = int(self.total)
        if total <= 0:
            return
        gap = self.height * 0.6
        width = (self.width - gap * (total - 1)) / total
        with self.canvas:
            for i in range(total):
                x = self.x + i * (width + gap)
                Color(*(theme.STEP_DONE if i < self.step else theme.STEP_AHEAD))
                Rectangle(pos=(x, self.y), size=(width, self.height))


class BigButton(Button):
    """A primary action: at least 100 px high at 1280×800, large type (styled in widgets.kv)."""


class SecondaryButton(BigButton):
    pass


class KeyButton(BigButton):
    key = StringProperty("")
    small = BooleanProperty(False)  # Clear/Delete on the narrow letter keys


class FieldBox(Button):
    """A field showing what was typed; touching it makes it the one the keypad types into."""

    field = StringProperty("")
    label = StringProperty("")
    value = StringProperty("")
    hint = StringProperty("")
    active = BooleanProperty(False)
    value_size = NumericProperty(40)  # the typed value's font size: 40 (scaled), less when it would wrap

    VALUE_SIZE, VALUE_MIN = 40, 30  # a case number must stay on one line; never under 30 (defect 11)

    def on_value(self, *_args: Any) -> None:
        self.fit_value()

    def on_size(self, *_args: Any) -> None:
        self.fit_value()

    def fit_value(self) -> None:
        """Shrink the value until it fits on one line (a 17-character case number of wide letters, such
        as ``K261204-WMWMW-MWMWM``, wraps at 40 px on the narrow screen), down to ``VALUE_MIN``."""
        from kivy.core.text import Label as CoreLabel

        app = App.get_running_app()
        scale = app.scale if app is not None else 1.0
        full = self.VALUE_SIZE * scale
        room = self.width - 40 * scale  # the text box is 32 px narrower; a margin for rounding
        if not self.value or room <= 0:
            self.value_size = full
            return
        core = CoreLabel(text=self.value, font_size=full, font_name=self.font_name, bold=True)
        core.refresh()
        width = core.texture.size[0]
        self.value_size = full if width <= room else max(self.VALUE_MIN * scale, full * room / width)


class Keypad(GridLayout):
    """Digits with Clear and Delete; ``letters``: A-Z (an ID number's first character); ``code``: the
    characters of a case number's random part and of query passwords (no 0, 1, I, L, O); ``origin``: the
    letters a case number starts with. Keys that cannot come next are not shown at all."""

    mode = OptionProperty("digits", options=["digits", "letters", "code", "origin", "slip"])

    def __init__(self, **kwargs: Any) -> None:
        self.register_event_type("on_key")
        super().__init__(**kwargs)
        self.bind(mode=lambda *_: self._build())
        self._build()

    def _build(self) -> None:
        self.clear_widgets()
        app = App.get_running_app()
        tr = app.tr if app is not None else (lambda key, lang=None: key)
        lang = app.lang if app is not None else "zh-TW"
        if self.mode == "letters":
            self.cols = 6
            keys = [*string.ascii_uppercase, "", "", CLEAR, BACK]
        elif self.mode == "code":
            self.cols = 6
            keys = [*ALPHABET, *[""] * (-(len(ALPHABET) + 2) % 6), CLEAR, BACK]  # Clear, Delete bottom right
        elif self.mode == "origin":
            self.cols = 2
            keys = [*origin_letters(), CLEAR, BACK]
        elif self.mode == "slip":  # a chosen slip password: every digit and ALPHABET's letters
            self.cols = 6
            keys = [*SLIP_PASSWORD_CHARS, *[""] * (-(len(SLIP_PASSWORD_CHARS) + 2) % 6), CLEAR, BACK]
        else:
            self.cols = 3
            keys = [*"123456789", CLEAR, "0", BACK]
        for key in keys:
            if key == "":
                self.add_widget(KeyButton(key="", text="", disabled=True, opacity=0))
                continue
            text = (
                tr("common.clear", lang)
                if key == CLEAR
                else tr("common.delete", lang)
                if key == BACK
                else key
            )
            button = KeyButton(key=key, text=text)
            if key in (CLEAR, BACK):
                button.kind = "secondary"
                button.small = self.mode in ("letters", "code", "slip")
            button.bind(on_release=lambda b: self.dispatch("on_key", b.key))
            self.add_widget(button)

    def relabel(self) -> None:
        """Called after a language switch (Clear/Delete are words)."""
        self._build()

    def on_key(self, key: str) -> None:
        pass
