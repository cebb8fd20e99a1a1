"""FAQ at the kiosk as a presenter: categories, a keyword keyboard for Chinese search, paged answers; no Kivy.

A touch kiosk has no Chinese input method, so the on-screen keyboard offers the words citizens ask about
(戶口, 名簿, 憑證 …) as keys; taps append them to the search, which the hub matches by character bigrams
(「戶口」 finds 「戶口名簿」). Seed 004:546-548: the agencies' questions, sorted into categories.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError
from kiosk.steps import Msg, Step, error_message
from wire.payloads.faq import KIOSK_PAGE

HUB_FAQ = "faq.search"
PAGE = KIOSK_PAGE  # the hub answers a page of this many (wire/payloads/faq.py)
MAX_QUERY = 12  # characters: three or four keys
#: The keyword keyboard, in the order a citizen meets them (household, certificates, payments, jobs).
KEYWORDS = (
    "戶口",
    "名簿",
    "謄本",
    "憑證",
    "門牌",
    "改名",
    "收養",
    "寺廟",
    "繳費",
    "罰鍰",
    "補正",
    "進度",
    "職缺",
    "登入",
)


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    category: str
    agency: str
    question: str
    answer: str


class FaqFlow:
    def __init__(self, client: AgentClient) -> None:
        self.client = client
        self.categories: tuple[tuple[str, int], ...] = ()
        self.category: str | None = None
        self.query = ""
        self.items: tuple[Item, ...] = ()
        self.total = 0
        self.page = 0
        self.opened: Item | None = None
        self.searched = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    def _ask(self) -> Step:
        body = {"query": self.query, "category": self.category, "page": self.page}
        try:
            data = self.client.send(api.hub(HUB_FAQ, body))
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.categories = tuple((str(c["name"]), int(c["count"])) for c in data.get("categories") or ())
        self.items = tuple(Item(int(i["id"]), str(i["category"]), str(i["agency"]), str(i["question"]),
                                str(i["answer"])) for i in data.get("items") or ())  # fmt: skip
        self.total, self.opened = int(data.get("total") or 0), None
        self.searched = bool(self.query or self.category)
        return Step()

    def load(self) -> Step:
        """Categories only (the first screen)."""
        self.category, self.query, self.page = None, "", 0
        return self._ask()

    def choose(self, category: str) -> Step:
        self.category, self.query, self.page = category, "", 0
        return self._ask()

    def type_key(self, word: str) -> Step | None:
        if len(self.query) + len(word) > MAX_QUERY:
            return Step(error=Msg("faq.too_long"))
        self.query += word
        return None

    def backspace(self) -> None:
        self.query = self.query[:-1]

    def clear(self) -> None:
        self.query = ""

    def search(self) -> Step:
        if not self.query:
            return Step(error=Msg("faq.type_first"))
        self.category, self.page = None, 0
        return self._ask()

    def turn(self, delta: int) -> Step:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        return self._ask()

    def open(self, item_id: int) -> None:
        self.opened = next((i for i in self.items if i.id == item_id), None)

    def close(self) -> None:
        self.opened = None
