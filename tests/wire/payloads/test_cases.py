"""Case numbers, query-password hashes and the ``case.opened`` body."""

import random
import secrets
import time
from datetime import date

import pytest
from pydantic import ValidationError

from wire.payloads.cases import (
    CaseOpened,
    Origin,
    hash_query_password,
    is_valid_case_no,
    make_case_no,
    make_query_password,
    normalize_case_no,
    verify_query_password,
)


class _Seeded(secrets.SystemRandom):
    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def choice(self, seq):  # type: ignore[no-untyped-def, override]
        return self._r.choice(seq)


def test_case_no_shape_and_check_character() -> None:
    no = make_case_no(Origin.KIOSK, date(2025, 11, 21))
    assert no.startswith("K251121-") and len(no) == 19
    assert is_valid_case_no(no)


def test_every_single_character_typo_is_caught() -> None:
    """GIVEN a valid number WHEN any one random character is replaced by another from the alphabet THEN invalid."""
    no = make_case_no(Origin.COUNTER, date(2026, 1, 5), _Seeded(7))
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    for i, c in enumerate(no):
        if c == "-" or i < 8:
            continue
        for other in alphabet:
            if other != c:
                assert not is_valid_case_no(no[:i] + other + no[i + 1 :]), (i, other)


def test_adjacent_swap_is_caught() -> None:
    no = make_case_no(Origin.ONLINE, date(2026, 1, 5), _Seeded(3))
    chars = list(no)
    i = next(i for i in range(8, 12) if chars[i] != chars[i + 1])
    chars[i], chars[i + 1] = chars[i + 1], chars[i]
    assert not is_valid_case_no("".join(chars))


def test_normalize_what_an_operator_typed() -> None:
    no = make_case_no(Origin.MAIL, date(2026, 3, 2))
    typed = no.replace("-", " ").lower()
    assert normalize_case_no(typed) == no


def test_password_hash_round_trip_and_constant_format() -> None:
    pw = make_query_password()
    assert len(pw) == 8
    stored = hash_query_password(pw)
    assert stored.startswith("scrypt$16384$8$1$") and pw not in stored
    assert verify_query_password(pw, stored)
    assert verify_query_password(pw.lower(), stored)  # typed in lower case on a phone
    assert not verify_query_password(pw[:-1] + ("2" if pw[-1] != "2" else "3"), stored)


def test_hash_is_slow_enough() -> None:
    start = time.perf_counter()
    hash_query_password("ABCDEFGH")
    assert time.perf_counter() - start > 0.005  # a fast hash would be ~1 µs


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "scrypt$2$1$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=", "scrypt$1073741824$8$1$x$y"],
)
def test_malformed_or_weak_hashes_never_verify(stored: str) -> None:
    """A kiosk-sent hash with other cost parameters is refused rather than computed (no CPU bomb)."""
    assert not verify_query_password("ABCDEFGH", stored)


def _body(**over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "case_no": make_case_no(Origin.KIOSK, date(2025, 11, 21)),
        "service": "HR-TRANSCRIPT",
        "password_hash": hash_query_password("ABCDEFGH"),
        "name": "王小明",
        "phone": "0912345678",
        "consent": True,
    }
    body.update(over)
    return body


def test_case_opened_accepts_a_good_body() -> None:
    opened = CaseOpened.model_validate(_body())
    assert opened.identity == "none"


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"consent": False}, "consent"),
        ({"case_no": "K251121-AAAAA-AAAAA"}, "check character"),
        ({"password_hash": "ABCDEFGH"}, "password_hash"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
    ],
)
def test_case_opened_refuses_bad_bodies(over: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CaseOpened.model_validate(_body(**over))


def test_the_english_names_go_only_when_given_so_an_older_agent_still_reads_the_answer() -> None:
    """GIVEN the answer schema an agent had before the English names (unknown fields refused) WHEN the hub
    answers a query that did not ask for English THEN the body has no English key, not even a null, and the
    older schema reads it; when asked, both names travel and the current schema reads them back."""
    from pydantic import create_model

    from wire.payloads.cases import OPTIONAL_ENGLISH, CaseStatus
    from wire.registry import Payload

    fields = {n: (f.annotation, f) for n, f in CaseStatus.model_fields.items() if n not in OPTIONAL_ENGLISH}
    older = create_model("OlderCaseStatus", __base__=Payload, **fields)  # type: ignore[call-overload]
    plain = CaseStatus(found=True, case_no="K261204-CPDVV-CU387", service_name="請領戶籍謄本").model_dump(
        mode="json"
    )
    assert not set(OPTIONAL_ENGLISH) & set(plain)
    assert older.model_validate(plain).service_name == "請領戶籍謄本"
    both = CaseStatus(found=True, service_name_en="Household transcript", milestone_name_en="Under review")
    dumped = both.model_dump(mode="json")
    assert (
        dumped["service_name_en"] == "Household transcript" and dumped["milestone_name_en"] == "Under review"
    )
    assert CaseStatus.model_validate(dumped) == both
    with pytest.raises(ValidationError):
        older.model_validate(dumped)  # why the hub sends them only to a caller that asked
