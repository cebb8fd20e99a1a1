"""RFC 3797 publicly verifiable random selection: the key string and the hash-iterated selection.

Key string (RFC 3797 §4): each randomness source's numbers sorted ascending, each written in decimal and
followed by ".", each source closed by "/", sources in the order announced. The reference code's optional
"extra key material" is appended as ``<text>./``. Selection i (i = 0, 1, ...) hashes
``index(2 bytes, big-endian) + key + index(2 bytes)``, reads the digest as an unsigned big-endian integer and
takes it modulo the number of entrants still in the pool; that remainder picks the entrant at that position
among those remaining (in the published order), who then leaves the pool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

MAX_POOL = 0xFFFF
HASHES = ("sha256", "md5")


class SelectionError(ValueError):
    """The draw cannot be run as asked (bad source values, unknown hash, pool too large)."""


def canonical_source(values: Sequence[int]) -> str:
    """``[2, 5, 12, 8, 10]`` → ``2.5.8.10.12./`` (sorted ascending, each followed by '.', closed by '/')."""
    if not values:
        raise SelectionError("a randomness source needs at least one number")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SelectionError(f"randomness values are non-negative integers, got {value!r}")
    return "".join(f"{v}." for v in sorted(values)) + "/"


def key_string(sources: Sequence[Sequence[int]], extra: str | None = None) -> str:
    """The RFC 3797 key: canonical sources in announced order, then optional extra material ``<text>./``."""
    if not sources:
        raise SelectionError("at least one randomness source is required")
    key = "".join(canonical_source(s) for s in sources)
    if extra:
        if "/" in extra or "\n" in extra:
            raise SelectionError("extra key material may not contain '/' or a newline")
        key += f"{extra}./"
    return key


@dataclass(frozen=True, slots=True)
class Step:
    """One selection: index, digest (hex), pool size before it, remainder, chosen position in the pool."""

    index: int
    digest: str
    remaining: int
    remainder: int
    chosen: int


def digest(key: str, index: int, hash_name: str = "sha256") -> bytes:
    if hash_name not in HASHES:
        raise SelectionError(f"unknown hash {hash_name!r}; use one of {HASHES}")
    prefix = index.to_bytes(2, "big")
    return hashlib.new(hash_name, prefix + key.encode("utf-8") + prefix).digest()


def select(key: str, pool_size: int, count: int | None = None, hash_name: str = "sha256") -> list[Step]:
    """Draw ``count`` (default: all, giving a complete ranking) of entrants numbered 0..pool_size-1."""
    if not 0 <= pool_size <= MAX_POOL:
        raise SelectionError(f"pool size must be 0..{MAX_POOL}, got {pool_size}")
    count = pool_size if count is None else count
    if not 0 <= count <= pool_size:
        raise SelectionError(f"cannot select {count} of {pool_size}")
    remaining = list(range(pool_size))
    steps: list[Step] = []
    for index in range(count):
        value = digest(key, index, hash_name)
        remainder = int.from_bytes(value, "big") % len(remaining)
        steps.append(Step(index, value.hex().upper(), len(remaining), remainder, remaining.pop(remainder)))
    return steps
