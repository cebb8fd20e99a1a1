"""Card errors as types: a stable ``code`` for the kiosk, an English message, a zh-TW line for the citizen.

No error ever carries the PIN or a national ID number: messages are fixed texts plus counts.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of every card-reader problem; ``code`` is what the kiosk and the local API switch on."""

    code = "card_error"
    citizen_message = "讀卡發生問題，請取出卡片後重新插入。"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReaderUnavailable(CardError):
    """No PC/SC service, or the configured reader is unplugged."""

    code = "reader_unavailable"
    citizen_message = "讀卡機目前無法使用，請洽服務人員。"


class NoCard(CardError):
    code = "no_card"
    citizen_message = "請插入自然人憑證卡片。"


class CardRemoved(CardError):
    """The card left the reader (possibly in the middle of a command)."""

    code = "card_removed"
    citizen_message = "卡片已取出，資料已清除。"


class UnknownCard(CardError):
    """A card without the citizen certificate applet (a bank card, a health card, upside down...)."""

    code = "unknown_card"
    citizen_message = "無法辨識此卡片，請確認插入的是自然人憑證，晶片朝上。"


class InvalidPin(CardError):
    """The PIN typed is not 6 to 8 digits; nothing was sent to the card and no try was used."""

    code = "invalid_pin"
    citizen_message = "密碼須為 6 到 8 位數字，請重新輸入。"


class WrongPin(CardError):
    code = "wrong_pin"

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"wrong PIN; {tries_left} tries left before the card locks")
        self.tries_left = tries_left

    @property
    def citizen_message(self) -> str:  # type: ignore[override]
        if self.tries_left == 1:
            return "密碼錯誤，只剩 1 次機會；再錯一次卡片將鎖住。"
        return f"密碼錯誤，還可以再試 {self.tries_left} 次。"


class PinBlocked(CardError):
    """Three wrong PINs: the card refuses every PIN until it is unlocked at a household registration office."""

    code = "pin_blocked"
    citizen_message = "卡片密碼已鎖住，請攜帶身分證到戶政事務所或線上辦理解鎖。"


class PinNotVerified(CardError):
    code = "pin_not_verified"
    citizen_message = "請先輸入卡片密碼。"


class CardFailure(CardError):
    """The card answered a status word we did not expect (a card or applet fault)."""

    code = "card_failure"

    def __init__(self, command: str, sw: int) -> None:
        super().__init__(f"card answered {sw:04X} to {command}")
        self.command = command
        self.sw = sw
