"""Colours and sizes of the kiosk: high contrast, large type, touch targets of at least 15 mm (90 px)."""

from __future__ import annotations

BASE_SIZE = (1280, 800)  # sizes below are for this window and scale with the window
MIN_TARGET_PX = 90

BACKGROUND = (1, 1, 1, 1)
TEXT = (0.07, 0.07, 0.07, 1)
MUTED = (0.25, 0.25, 0.3, 1)
PRIMARY = (0.04, 0.29, 0.65, 1)  # white text on it: contrast 8.6:1
ON_PRIMARY = (1, 1, 1, 1)
SECONDARY = (0.87, 0.91, 0.97, 1)
ON_SECONDARY = (0.02, 0.14, 0.33, 1)
BAR = (0.02, 0.14, 0.33, 1)
ERROR = (0.64, 0.0, 0.11, 1)  # white text on it: contrast 7.9:1
NOTICE = (0.0, 0.4, 0.2, 1)  # done, accepted: white text on it 7.4:1
INFO = (0.16, 0.24, 0.36, 1)  # the citizen can carry on (offline, queued): not error-red; white on it 11:1
STEP_DONE = (1.0, 0.8, 0.2, 1)  # on the navy bar: step segments done/current (amber) and to come
STEP_AHEAD = (0.35, 0.45, 0.6, 1)  # a step-indicator segment for a step still ahead of the citizen
WARNING_TEXT = (0.55, 0.27, 0.0, 1)  # amber-brown text on white: 6.2:1 (a component that needs a look)
FIELD = (0.96, 0.97, 0.99, 1)
FIELD_ACTIVE = (1.0, 0.97, 0.8, 1)
OUTLINE = (0.02, 0.14, 0.33, 1)

FONT_BODY = 30
FONT_TITLE = 40
FONT_BUTTON = 34
FONT_BIG = 64
BUTTON_HEIGHT = 100
