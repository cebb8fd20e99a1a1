"""Fees through a real counter: the hub process takes three items on its staff page, sends the A5 receipt to
the counter PC's agent, which prints it on a real CUPS queue; the test rasterises what CUPS printed and
reads the amount in figures and in capitals and the QR code back. A second print is a copy (副本)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from tests.e2e.counter.rig import DEVICE, CounterRig, wait_until
from tests.migrated import MigratedTemplates

pytestmark = [pytest.mark.slow, pytest.mark.mosquitto]


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory, migrated: MigratedTemplates) -> Iterator[CounterRig]:
    rig = CounterRig(tmp_path_factory.mktemp("fee-rig"), migrated)
    try:
        yield rig.start()
    finally:
        rig.stop()


def read_back(pdf: Path, tmp: Path) -> tuple[str, list[str]]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp / "page")], check=True)
    return text, [s.data.decode() for s in decode(Image.open(tmp / "page.png"))]


def test_three_items_print_on_a5_at_the_counter_and_read_back(rig: CounterRig, tmp_path: Path) -> None:
    http = httpx.Client(base_url=rig.url, headers={"Authorization": f"Bearer {rig.tokens['lin.counter']}"},
                        timeout=30, follow_redirects=False)  # fmt: skip
    assert rig.agent is not None
    wait_until(lambda: rig.agent.session.online, 20, "the counter agent online")  # type: ignore[union-attr]
    form = {
        "qty-TRANSCRIPT": "2",
        "qty-ID-CARD": "1",
        "qty-SEAL-CERT": "1",
        "method": "cash",
        "payer": "王小明",
    }
    issued = http.post("/staff/counter/fees", data=form)
    assert issued.status_code == 303, issued.text[-500:]
    number = issued.headers["location"].rsplit("/", 1)[-1]
    wait_until(lambda: f'value="{DEVICE}"' in http.get(f"/staff/counter/fees/receipts/{number}").text, 20,
               "the counter's printer offered on the receipt page")  # fmt: skip
    printed = http.post(f"/staff/counter/fees/receipts/{number}/print", data={"device": DEVICE})
    assert printed.status_code == 303 and "/staff/counter/jobs/" in printed.headers["location"]
    job = printed.headers["location"].rsplit("/", 1)[-1]
    wait_until(lambda: http.get(f"/staff/counter/jobs/{job}.json").json()["state"] == "completed", 30,
               "CUPS completing the receipt")  # fmt: skip
    [out] = wait_until(lambda: rig.printed(), 10, "the receipt in the CUPS queue's output")
    text, codes = read_back(out, tmp_path)
    assert "NT$ 130" in text and "壹佰參拾元整" in text and number in text and "副本" not in text
    assert len(codes) == 1 and codes[0].endswith(f"/staff/counter/fees/receipts/{number}")
    size = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "419.53 x 595.28" in size or "420 x 595" in size  # A5 as printed

    again = http.post(f"/staff/counter/fees/receipts/{number}/print", data={"device": DEVICE})
    job2 = again.headers["location"].rsplit("/", 1)[-1]
    wait_until(lambda: http.get(f"/staff/counter/jobs/{job2}.json").json()["state"] == "completed", 30,
               "CUPS completing the copy")  # fmt: skip
    outputs = wait_until(lambda: p if len(p := rig.printed()) == 2 else None, 10, "the copy in the queue")
    copy_text, _ = read_back(sorted(outputs, key=lambda p: p.stat().st_mtime)[-1], tmp_path)
    assert "副本" in copy_text and "壹佰參拾元整" in copy_text
