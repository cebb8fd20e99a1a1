"""Card login by touch, every part real: card emulator → pcscd/vpcd → agent (pyscard) → Mosquitto → hub
(Web eID-style token check, session) and the hub storing the case the kiosk files; pulling the card resets
the kiosk within 2 s with nothing personal left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.agent_client import HttpAgentClient
from onestop.dev.waiting import wait_until
from tests.e2e.kiosk.rig import hub_catalogue_cache
from tests.kiosk.ui.helpers import PHONE, kiosk_on, personal_texts_left, submit_application

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]
pytest.importorskip("smartcard")

from onestop.dev.card_rig import CardLoginRig  # noqa: E402
from onestop.dev.fixtures import DevPkiFiles, InsertCard  # noqa: E402
from onestop.dev.pcsc import PrivatePcscd  # noqa: E402


@pytest.fixture
def card_rig(pcscd: PrivatePcscd, dev_pki: DevPkiFiles, tmp_path: Path) -> Iterator[CardLoginRig]:
    with CardLoginRig(
        tmp_path / "rig", pcscd.reader_name, dev_pki.files["trust_anchors"], dev_pki.files["crl"]
    ) as rig:
        yield rig


@pytest.fixture
def card_kiosk(_driver: Any, card_rig: CardLoginRig, tmp_path: Path) -> Iterator[Any]:
    yield from kiosk_on(
        _driver, HttpAgentClient(card_rig.agent.api.url), hub_catalogue_cache(tmp_path / "kiosk")
    )


def stored_cases(rig: CardLoginRig) -> list[tuple[str, str]]:
    from hub.cases.models import Case

    with rig.sessions() as session:
        return [(c.case_no, c.name) for c in session.scalars(select(Case))]


def test_card_login_application_and_removal(
    card_kiosk: Any, card_rig: CardLoginRig, insert_card: InsertCard, dev_pki: DevPkiFiles
) -> None:
    kiosk = card_kiosk
    card = insert_card("valid")
    kiosk.wait_until(lambda: kiosk.app.current == "pin", timeout=5)
    kiosk.type_keys("000000")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None, timeout=15)
    assert "還可以再試 2 次" in kiosk.screen_text()
    kiosk.type_keys(dev_pki.pin("valid"))
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue", timeout=15)
    assert "王小明 您好" in kiosk.screen_text()
    case_no, _password = submit_application(kiosk, "HR-TRANSCRIPT")
    wait_until(
        lambda: (case_no, "王小明") in stored_cases(card_rig),
        20,
        "the hub to store the card holder's case",
        step=0.2,
        between=kiosk.wait,  # the kiosk's event loop keeps running
    )

    card.remove()
    took = kiosk.wait_until(lambda: kiosk.app.current == "welcome", timeout=2.0)
    assert took < 2.0
    print(f"card removed -> welcome screen in {took * 1000:.0f} ms")
    assert personal_texts_left(kiosk, ["王小明", PHONE, case_no, "6789"]) == []
    assert kiosk.app.sm.screen_names == ["welcome"]
