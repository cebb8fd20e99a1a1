"""RFC 3797's own worked example (MD5), the canonical key string and SHA-256 as default."""

from __future__ import annotations

import hashlib

import pytest

from hub.enrolment.lottery.rfc3797 import SelectionError, canonical_source, key_string, select

# RFC 3797 section 6: pool of 25, sources 9319 / 2 5 12 8 10 / 9 18 26 34 41 45, eleven selections.
RFC_SOURCES = [[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]
RFC_TABLE = [
    (1, "990DD0A5692A029A98B5E01AA28F3459", 25, 17),
    (2, "3691E55CB63FCC37914430B2F70B5EC6", 24, 7),
    (3, "FE814EDF564C190AC1D25753979990FA", 23, 2),
    (4, "1863CCACEB568C31D7DDBDF1D4E91387", 22, 16),
    (5, "F4AB33DF4889F0AF29C513905BE1D758", 21, 25),
    (6, "13EAEB529F61ACFB9A29D0BA3A60DE4A", 20, 23),
    (7, "992DB77C382CA2BDB9727001F3CDCCD9", 19, 8),
    (8, "63AB4258ECA922976811C7F55C383CE7", 18, 24),
    (9, "DFBC5AC97CED01B3A6E348E3CC63F40D", 17, 19),
    (10, "31CB111C4A4EBE9287CEAE16FE51B909", 16, 13),
    (11, "07FA46C122F164C215BBC72793B189A3", 15, 22),
]


def test_rfc_key_string() -> None:
    assert key_string(RFC_SOURCES) == "9319./2.5.8.10.12./9.18.26.34.41.45./"


def test_rfc_worked_example_md5() -> None:
    steps = select(key_string(RFC_SOURCES), 25, 11, hash_name="md5")
    got = [(s.index + 1, s.digest, s.remaining, s.chosen + 1) for s in steps]
    assert got == RFC_TABLE


def test_sha256_is_the_default_and_follows_the_same_procedure() -> None:
    key = key_string(RFC_SOURCES)
    steps = select(key, 25)
    prefix = (0).to_bytes(2, "big")
    first = hashlib.sha256(prefix + key.encode() + prefix).digest()
    assert steps[0].digest == first.hex().upper()
    assert steps[0].remainder == int.from_bytes(first, "big") % 25
    assert sorted(s.chosen for s in steps) == list(range(25))  # a complete ranking


def test_source_values_are_sorted_but_source_order_matters() -> None:
    assert canonical_source([12, 2, 5]) == "2.5.12./"
    assert key_string([[1], [2]]) != key_string([[2], [1]])
    assert key_string([[1]], "KG1-P1:L01R0") == "1./KG1-P1:L01R0./"


def test_index_is_two_bytes_past_255() -> None:
    steps = select("7./", 300)
    prefix = (256).to_bytes(2, "big")
    assert steps[256].digest == hashlib.sha256(prefix + b"7./" + prefix).hexdigest().upper()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: canonical_source([]), "at least one"),
        (lambda: canonical_source([-1]), "non-negative"),
        (lambda: key_string([]), "at least one"),
        (lambda: key_string([[1]], "a/b"), "'/'"),
        (lambda: select("k", 70000), "pool size"),
        (lambda: select("k", 3, 4), "cannot select"),
        (lambda: select("k", 3, hash_name="sha1"), "unknown hash"),
    ],
)
def test_bad_inputs_are_refused(call: object, message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        call()  # type: ignore[operator]
