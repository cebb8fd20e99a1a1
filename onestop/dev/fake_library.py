"""The forms library routes of the development fake agent (``/v1/library/...``), answered with the very
wire models the real agent uses (wire.agent_api): eight of the 23 categories and a few forms each, enough to
page and to show long titles."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from wire.agent_api import (
    LibraryCategories,
    LibraryCategoryView,
    LibraryForms,
    LibraryFormView,
    LibraryPrintBody,
    LibraryPrinted,
)

_CATEGORIES = (
    ("REG", "戶籍登記通用", "Registration (general)"),
    ("BIRTH", "出生及認領登記", "Birth and acknowledgement"),
    ("MARRY", "結婚登記", "Marriage"),
    ("MOVE", "遷徙登記", "Moving (in, out, address change)"),
    ("NAME", "姓名變更", "Name changes"),
    ("SEAL", "印鑑登記及證明", "Seals"),
    ("TRANS", "戶籍謄本及資料證明", "Transcripts and certificates"),
    ("SERVICE", "委託書同意書等服務表單", "Office service forms"),
)
_FORMS = (
    ("HR-REG-01", "REG", "戶籍登記申請書", "Household registration application", 1),
    ("HR-BIRTH-01", "BIRTH", "出生登記申請書", "Birth registration application", 1),
    ("HR-BIRTH-02", "BIRTH", "認領登記申請書", "Acknowledgement of paternity application", 1),
    ("HR-MARRY-01", "MARRY", "結婚登記申請書", "Marriage registration application", 1),
    ("HR-MOVE-01", "MOVE", "遷入登記申請書", "Moving-in registration application", 1),
    ("HR-MOVE-02", "MOVE", "住址變更登記申請書", "Change of address registration application", 2),
    ("HR-NAME-01", "NAME", "改名申請書", "Change of given name application", 3),
    ("HR-SEAL-01", "SEAL", "印鑑登記申請書", "Seal registration application", 1),
    ("HR-SEAL-02", "SEAL", "印鑑證明申請書", "Seal certificate application", 1),
    ("HR-SEAL-03", "SEAL", "歷次印鑑登記（變更）申請書影本申請書", "Copies of earlier seal registrations", 1),
    ("HR-SEAL-04", "SEAL", "印鑑變更登記申請書", "Seal change application", 1),
    ("HR-F01", "TRANS", "戶籍謄本申請書", "Household transcript application", 5),
    ("HR-SVC-CONSENT", "SERVICE", "同意書", "Letter of consent", 1),
)


class FakeLibrary:
    def __init__(self) -> None:
        self.online = True
        self.printed: list[LibraryPrinted] = []

    def _form(self, code: str) -> LibraryFormView | None:
        for c, cat, title, title_en, version in _FORMS:
            if c == code:
                return LibraryFormView(code=c, category=cat, title=title, title_en=title_en, version=version,
                                       effective="2026-01-01", kind="template")  # fmt: skip
        return None

    def categories(self) -> dict[str, Any]:
        counts = {code: sum(1 for f in _FORMS if f[1] == code) for code, _, _ in _CATEGORIES}
        views = [LibraryCategoryView(code=c, name=n, name_en=e, forms=counts[c]) for c, n, e in _CATEGORIES]
        return LibraryCategories(revision=len(_FORMS), online=self.online, categories=views).model_dump()

    def forms(self, category: str) -> dict[str, Any]:
        from kiosk.agent_client import AgentError

        if category not in {c for c, _, _ in _CATEGORIES}:
            raise AgentError("unknown_category", f"no category {category!r} in the cached library")
        views = [v for f in _FORMS if f[1] == category and (v := self._form(f[0])) is not None]
        return LibraryForms(category=category, forms=views).model_dump()

    def print(self, body: dict[str, Any]) -> dict[str, Any]:
        from kiosk.agent_client import AgentError

        try:
            req = LibraryPrintBody.model_validate(body)
        except ValidationError as exc:
            raise AgentError("invalid_body", str(exc.errors(include_url=False)[0]["msg"])) from None
        form = self._form(req.form)
        if form is None:
            raise AgentError("unknown_form", f"form {req.form} is not in the cached library")
        done = LibraryPrinted(job=req.job, form=form.code, version=form.version, queued_as=f"{req.job}.pdf")
        self.printed.append(done)
        return done.model_dump()
