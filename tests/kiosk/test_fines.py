"""The fines presenter over the fake agent: one key, at most five ticked, one slip each, bank-only refused."""

from __future__ import annotations

from kiosk.fines import FinesFlow, show_date
from kiosk.steps import Msg
from onestop.dev.fake_agent import FakeAgent
from wire.payloads.fines import FineKey


def looked_up() -> tuple[FakeAgent, FinesFlow]:
    agent = FakeAgent()
    fines = FinesFlow(agent)
    assert fines.look_up(FineKey.NATIONAL_ID, "a123456789").error is None
    return agent, fines


def test_five_ticked_print_five_slips_and_a_sixth_is_refused() -> None:
    agent, fines = looked_up()
    assert len(fines.fines) == 7 and fines.pages == 4  # two 90 px rows a page
    storable = [f.fine_no for f in fines.fines if f.store]
    for fine_no in storable[:5]:
        assert fines.toggle(fine_no).error is None
    assert fines.toggle(storable[5]).error == Msg("fines.max_ticked", {"max": 5})
    assert fines.toggle(storable[0]).error is None  # untick one, then the sixth fits
    assert fines.toggle(storable[5]).error is None
    assert fines.print_ticked().error is None
    slips = [body for kind, body in agent.printed if kind == "slip"]
    assert len(slips) == 5 and {s["fine_no"] for s in slips} == set(storable[1:6])
    assert all(s["payer_masked"].endswith("****") and s["item_code"] == "OSF" for s in slips)
    assert fines.ticked == [] and len(fines.printed) == 5


def test_over_twenty_thousand_cannot_be_ticked_and_says_bank_or_atm() -> None:
    agent, fines = looked_up()
    big = next(f for f in fines.fines if not f.store)
    assert fines.toggle(big.fine_no).error == Msg("fines.bank_only", {"amount": "36,000"})
    assert fines.ticked == [] and fines.print_ticked().error == Msg("fines.tick_first")
    assert not [b for k, b in agent.printed if k == "slip"]


def test_malformed_keys_are_named_before_and_by_the_hub() -> None:
    agent = FakeAgent()
    fines = FinesFlow(agent)
    assert fines.look_up(FineKey.BUSINESS_NO, "1234").error == Msg("fines.bad_business_no")
    assert not any("/v1/hub/" in c for c in agent.calls)  # refused before asking
    assert fines.look_up(FineKey.BUSINESS_NO, "22099132").error == Msg(
        "fines.bad_business_no"
    )  # the hub says
    assert fines.look_up(FineKey.NATIONAL_ID, "A123456788").error == Msg("fines.bad_national_id")
    assert fines.look_up(FineKey.FINE_NO, "123").error == Msg("fines.bad_fine_no")
    assert fines.look_up(FineKey.BUSINESS_NO, "22099131").error is None and len(fines.fines) == 1
    assert fines.look_up(FineKey.FINE_NO, "9807021234").error is None
    assert [f.decision_no for f in fines.fines] == ["12345678901234"]


def test_dates_show_as_the_seed_prints_them() -> None:
    assert show_date("2009-07-02", "zh-TW") == "98/07/02" and show_date("2009-07-02", "en") == "2009-07-02"
