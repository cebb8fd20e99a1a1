"""``onestop hub serve --trust-anchors FILE --crl FILE``: bad files stop the hub before it starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop.cli import main
from onestop.dev.fixtures import DevPkiFiles


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The serve command puts its options in the environment; restore it after each test."""
    for name in ("ONESTOP_HUB_TRUST_ANCHORS", "ONESTOP_HUB_CRL", "ONESTOP_HUB_OCSP_URL"):
        monkeypatch.setenv(name, "")  # records the original state, which teardown restores
        monkeypatch.delenv(name)


def test_missing_crl_is_refused(dev_pki: DevPkiFiles, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hub", "serve", "--trust-anchors", str(dev_pki.files["trust_anchors"])]) == 2
    assert "CRL file is required" in capsys.readouterr().err


def test_unreadable_anchor_file_is_named(
    tmp_path: Path, dev_pki: DevPkiFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.pem"
    assert main(["hub", "serve", "--trust-anchors", str(missing), "--crl", str(dev_pki.files["crl"])]) == 2
    assert str(missing) in capsys.readouterr().err


def test_crl_of_an_untrusted_ca_is_refused(
    dev_pki: DevPkiFiles, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchors = tmp_path / "anchors.pem"
    anchors.write_bytes(dev_pki.files["unknown_ca"].read_bytes())  # the look-alike CA, not the CRL's signer
    assert main(["hub", "serve", "--trust-anchors", str(anchors), "--crl", str(dev_pki.files["crl"])]) == 2
    assert "not signed by a trusted CA" in capsys.readouterr().err


def test_bad_ocsp_url_is_refused(dev_pki: DevPkiFiles, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "hub",
        "serve",
        "--trust-anchors",
        str(dev_pki.files["trust_anchors"]),
        "--crl",
        str(dev_pki.files["crl"]),
    ]
    assert main([*argv, "--ocsp-url", "ftp://ocsp"]) == 2
    assert "must be http" in capsys.readouterr().err
