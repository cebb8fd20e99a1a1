"""``onestop dev pki init`` and ``onestop dev card`` argument handling."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from cryptography import x509

from onestop.dev import cli


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="onestop")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_pki_init_writes_the_pki_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "pki"
    assert _run(["dev", "pki", "init", str(target)]) == 0
    anchors = (target / "trust-anchors.pem").read_bytes()
    assert len(x509.load_pem_x509_certificates(anchors)) == 2
    assert (target / "cards" / "revoked.cert.der").exists()
    assert _run(["dev", "pki", "init", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (target / "trust-anchors.pem").read_bytes() == anchors  # unchanged
    assert _run(["dev", "pki", "init", str(target), "--force"]) == 0
    assert (target / "trust-anchors.pem").read_bytes() != anchors


def test_card_refuses_a_bad_pin_and_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(["dev", "pki", "init", str(tmp_path)])
    cert, key = tmp_path / "cards/valid.cert.der", tmp_path / "cards/valid.key.pem"
    assert _run(["dev", "card", "--cert", str(cert), "--key", str(key), "--pin", "12x", "--port", "1"]) == 2
    assert "4 to 8 digits" in capsys.readouterr().err
    assert (
        _run(
            ["dev", "card", "--cert", str(tmp_path / "no"), "--key", str(key), "--pin", "1234", "--port", "1"]
        )
        == 2
    )
    assert "No such file" in capsys.readouterr().err
