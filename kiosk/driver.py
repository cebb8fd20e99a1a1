"""Drives a running KioskApp without a person: real touch events through the event loop, frames, screenshots.

Used by the UI tests, the screenshot script and the demo's offscreen mode. Kivy has one window per process,
so one driver per process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.headless import prepare_kivy_env

prepare_kivy_env()

from kivy.base import EventLoop, runTouchApp  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.config import Config  # noqa: E402
from kivy.input.motionevent import MotionEvent  # noqa: E402
from kivy.lang import Builder  # noqa: E402
from kivy.uix.widget import Widget  # noqa: E402

from kiosk.agent_client import AgentClient  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402


class FingerTouch(MotionEvent):
    """One finger on the screen at window pixel ``(x, y)``, dispatched like a touchscreen's events."""

    def __init__(self, x: float, y: float) -> None:
        win = EventLoop.window
        super().__init__("kiosk-driver", id(self), {"x": x / win.width, "y": y / win.height},
                         is_touch=True, type_id="touch")  # fmt: skip

    def depack(self, args: dict[str, float]) -> None:
        self.profile = ["pos"]
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)


class KioskDriver:
    def __init__(self, app: Any, *, draw: bool = True) -> None:
        self.app = app
        self.draw = draw

    @classmethod
    def start(cls, settings: KioskSettings, client: AgentClient, *, draw: bool = True) -> KioskDriver:
        from kiosk.app import KioskApp, configure_window

        configure_window(settings)
        Config.set("graphics", "resizable", "1")
        for name, _value in Config.items("input"):
            Config.remove_option("input", name)  # only the driver's touches

        app = KioskApp(settings, client)
        app._run_prepare()
        runTouchApp(embedded=True)
        driver = cls(app, draw=draw)
        driver.pump(5)
        return driver

    # -- time -------------------------------------------------------------------------------------
    def pump(self, frames: int = 3) -> None:
        """Run ``frames`` turns of the event loop: clock, input, layout; drawn only if ``self.draw``."""
        for _ in range(frames):
            if self.draw:
                EventLoop.idle()
            else:
                # Software GL (llvmpipe) spends ~0.1 s per flip; touches and layout do not need pixels,
                # and screenshots turn drawing back on.
                Clock.tick()
                EventLoop.dispatch_input()
                Builder.sync()
                Clock.tick_draw()
                Builder.sync()

    def wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.pump(1)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> float:
        """Pump frames until ``condition()``; returns the seconds it took, raises TimeoutError otherwise."""
        start = time.monotonic()
        while not condition():
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"condition not met within {timeout} s (screen {self.app.current!r})")
            self.pump(1)
        self.pump(2)
        return time.monotonic() - start

    # -- touches ----------------------------------------------------------------------------------
    def tap_at(self, x: float, y: float) -> None:
        touch = FingerTouch(x, y)
        EventLoop._dispatch_input("begin", touch)
        self.pump(1)
        EventLoop._dispatch_input("end", touch)
        self.pump(1)

    def tap(self, widget: Widget) -> None:
        self.pump(1)  # lay out first, so the widget is where it will be drawn
        if widget.get_root_window() is None:
            raise AssertionError(f"{widget!r} is not on screen")
        self.tap_at(*widget.to_window(*widget.center))

    def press(self, key: str) -> None:
        """Touch one key of the current screen's keypad: a character, ``clear`` or ``back``."""
        pad = self.find("pad")
        button = next((b for b in pad.children if getattr(b, "key", None) == key and not b.disabled), None)
        if button is None:
            raise AssertionError(f"key {key!r} is not on the keypad now")
        self.tap(button)

    def type_keys(self, keys: str) -> None:
        """Touch the keys for each character of ``keys``, one after another."""
        for key in keys:
            self.press(key)

    # -- what is on screen ------------------------------------------------------------------------
    @property
    def screen(self) -> Any:
        return self.app.sm.current_screen

    def find(self, widget_id: str) -> Any:
        ids = self.screen.ids
        if widget_id in ids:
            return ids[widget_id]
        if widget_id in self.app.shell.ids:
            return self.app.shell.ids[widget_id]
        for view in (self.app.idle_view, self.app.busy_view):
            if widget_id in view.ids:
                return view.ids[widget_id]
        raise KeyError(f"no widget {widget_id!r} on screen {self.app.current!r}")

    def widgets(self) -> Iterator[Widget]:
        """Every widget under the window (screens, overlays), plus every screen the manager still keeps."""
        stack: list[Widget] = [*EventLoop.window.children, *self.app.sm.screens]
        seen: set[int] = set()
        while stack:
            widget = stack.pop()
            if id(widget) in seen:
                continue
            seen.add(id(widget))
            yield widget
            stack.extend(widget.children)

    def texts(self) -> list[str]:
        return [str(w.text) for w in self.widgets() if isinstance(getattr(w, "text", None), str) and w.text]

    def screen_text(self) -> str:
        return "\n".join(self.texts())

    # -- pictures ---------------------------------------------------------------------------------
    def resize(self, size: tuple[int, int]) -> None:
        EventLoop.window.size = size
        self.pump(6)

    def screenshot(self, path: Path) -> Path:
        """Write the window as drawn now to ``path`` (PNG)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.frame().save(path)
        return path

    def frame(self) -> Any:
        """The window as drawn now, a PIL RGB image: each layer (the shell, then any open overlay) is drawn
        into an offscreen framebuffer and composited. The window's own buffers are not read: right after
        a resize, or after a swap, they can hold a black, stale or torn picture (the black first frame of
        the old screenshots)."""
        from kivy.graphics import ClearBuffers, ClearColor, Fbo, Scale, Translate
        from PIL import Image

        self.pump(2)  # clock, window events, layout
        win = EventLoop.window
        width, height = (int(v) for v in win.size)
        picture = Image.new("RGBA", (width, height), tuple(int(c * 255) for c in win.clearcolor))
        for layer in reversed(win.children):  # bottom first
            parent_canvas = layer.parent.canvas if layer.parent is not None else None
            index = parent_canvas.indexof(layer.canvas) if parent_canvas is not None else -1
            if index > -1:
                parent_canvas.remove(layer.canvas)
            fbo = Fbo(size=(width, height), with_stencilbuffer=True)
            with fbo:
                ClearColor(0, 0, 0, 0)
                ClearBuffers()
                Scale(1, -1, 1)
                Translate(0, -height, 0)
            fbo.add(layer.canvas)
            fbo.draw()
            pixels = fbo.pixels
            fbo.remove(layer.canvas)
            if index > -1:
                parent_canvas.insert(index, layer.canvas)
            picture.alpha_composite(Image.frombytes("RGBA", (width, height), pixels))
        return picture.convert("RGB")
