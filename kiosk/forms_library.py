"""The forms library at the kiosk as a presenter (no Kivy): categories, a category's forms, print one blank.

The local agent keeps the library on disk in step with the hub (edge_agent/forms_library), so this works
while the hub is away: the agent prints the newest version it holds and says it is offline. Seed 002:2362
「按申辦業務之屬性分成 23大類」: 23 categories, the forms under each, printed on demand."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError
from kiosk.steps import Msg, Screen, Step, error_message
from wire.agent_api import LIBRARY_CATEGORIES, LIBRARY_FORMS, LIBRARY_PRINT, LibraryPrintBody

CATEGORIES_PAGE = 6  # 2 columns × 3 rows of 92 px buttons, 22 px apart: long names fit, the pager shows
FORMS_PAGE = 3  # 92 px rows 22 px apart between the title and the pager on a 1280×800 screen


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    name_en: str
    count: int

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True, slots=True)
class FormItem:
    code: str
    title: str
    title_en: str
    version: int
    effective: str

    def label(self, lang: str) -> str:
        return (self.title_en or self.title) if lang == "en" else self.title


class FormsFlow:
    def __init__(self, client: AgentClient) -> None:
        self.client = client
        self.reset()

    def reset(self) -> None:
        self.categories: tuple[Category, ...] = ()
        self.online = True
        self.category: Category | None = None
        self.forms: tuple[FormItem, ...] = ()
        self.cat_page = 0
        self.page = 0
        self.chosen: FormItem | None = None
        self.printed: int | None = None  # the version printed for the chosen form

    @property
    def cat_pages(self) -> int:
        return max(1, -(-len(self.categories) // CATEGORIES_PAGE))

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.forms) // FORMS_PAGE))

    def categories_shown(self) -> tuple[Category, ...]:
        start = self.cat_page * CATEGORIES_PAGE
        return self.categories[start : start + CATEGORIES_PAGE]

    def forms_shown(self) -> tuple[FormItem, ...]:
        start = self.page * FORMS_PAGE
        return self.forms[start : start + FORMS_PAGE]

    def load(self) -> Step:
        """The categories the agent holds forms of (the first screen)."""
        try:
            data = self.client.send(api.Request("GET", LIBRARY_CATEGORIES, timeout=5.0))
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.online = bool(data.get("online", True))
        self.categories = tuple(Category(str(c["code"]), str(c["name"]), str(c["name_en"]), int(c["forms"]))
                                for c in data.get("categories") or ())  # fmt: skip
        self.cat_page = min(self.cat_page, self.cat_pages - 1)
        if not self.categories:
            return Step(error=Msg("forms.empty"))
        return Step()

    def turn_categories(self, delta: int) -> Step:
        self.cat_page = max(0, min(self.cat_pages - 1, self.cat_page + delta))
        return Step()

    def choose(self, code: str) -> Step:
        """A category's forms; the next screen lists them."""
        category = next((c for c in self.categories if c.code == code), None)
        if category is None:
            return Step(error=Msg("forms.empty"))
        path = f"{LIBRARY_FORMS}?category={quote(code)}"
        try:
            data = self.client.send(api.Request("GET", path, timeout=5.0))
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.category, self.page, self.chosen, self.printed = category, 0, None, None
        self.forms = tuple(FormItem(str(f["code"]), str(f["title"]), str(f["title_en"]), int(f["version"]),
                                    str(f["effective"])) for f in data.get("forms") or ())  # fmt: skip
        return Step(screen=Screen.FORMS_LIST)

    def turn(self, delta: int) -> Step:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        return Step()

    def pick(self, code: str) -> Step:
        self.chosen = next((f for f in self.forms if f.code == code), None)
        self.printed = None
        return Step(screen=Screen.FORMS_PRINT) if self.chosen is not None else Step(error=Msg("forms.empty"))

    def print_chosen(self) -> Step:
        """One blank copy of the chosen form, the newest version the agent holds."""
        if self.chosen is None:
            return Step(screen=Screen.FORMS)
        body = LibraryPrintBody(job=uuid.uuid4().hex, form=self.chosen.code).model_dump(mode="json")
        try:
            data = self.client.send(api.Request("POST", LIBRARY_PRINT, body, timeout=60.0))
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.printed = int(data.get("version") or self.chosen.version)
        return Step()
