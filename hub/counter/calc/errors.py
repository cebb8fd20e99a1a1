"""The calculators' one error type: names the input field and says what is wrong in zh-TW and English."""

from __future__ import annotations


class CalcError(ValueError):
    """Input a calculator cannot use; ``field`` names the input (``birth``, ``stays[2].exit`` …)."""

    def __init__(self, field: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{field}: {message_en}")
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en}
