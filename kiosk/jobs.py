"""Job vacancies at the kiosk as a presenter: a township, its vacancies page by page, printed; no Kivy.

Seed 004:673 (browse by township, updated daily by the stations) and 004:1811 (the printed columns).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError
from kiosk.messages import translate
from kiosk.steps import Msg, Step, error_message

HUB_JOBS = "jobs.browse"
PAGE = 3  # as the hub's KIOSK_PAGE
#: The printed columns, in the seed's order (004:1811): message key suffix and field.
COLUMNS = (("company", "company"), ("title", "title"), ("openings", "openings"), ("pay", "pay"),
           ("education", "education"), ("duties", "duties"), ("address", "address"), ("phone", "phone"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    company: str
    title: str
    openings: int
    pay: str
    education: str
    duties: str
    address: str
    phone: str


class JobsFlow:
    def __init__(self, client: AgentClient) -> None:
        self.client = client
        self.townships: tuple[tuple[str, int], ...] = ()
        self.township: str | None = None
        self.rows: tuple[Job, ...] = ()
        self.total = 0
        self.page = 0
        self.printed = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    def _ask(self) -> Step:
        try:
            data = self.client.send(api.hub(HUB_JOBS, {"township": self.township, "page": self.page}))
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.townships = tuple((str(t["township"]), int(t["count"])) for t in data.get("townships") or ())
        self.rows = tuple(Job(**{k: r[k] for k in Job.__dataclass_fields__}) for r in data.get("rows") or ())
        self.total = int(data.get("total") or 0)
        return Step()

    def load(self) -> Step:
        self.township, self.page, self.printed = None, 0, 0
        return self._ask()

    def choose(self, township: str) -> Step:
        self.township, self.page, self.printed = township, 0, 0
        return self._ask()

    def turn(self, delta: int) -> Step:
        self.page = max(0, min(self.pages - 1, self.page + delta))
        return self._ask()

    def print_page(self, lang: str = "zh-TW") -> Step:
        """Each vacancy on the screen as one receipt with the seed's columns."""
        if not self.rows:
            return Step(error=Msg("jobs.none"))
        for job in self.rows:
            lines = [(translate(f"jobs.col_{key}", lang), str(getattr(job, field))) for key, field in COLUMNS]
            request = api.print_receipt(translate("jobs.receipt_title", lang, township=self.township or ""), lines,
                                        translate("jobs.receipt_footer", lang))  # fmt: skip
            try:
                self.client.send(request)
            except AgentError as exc:
                return Step(error=error_message(exc))
            self.printed += 1
        return Step()
