"""Column types every feature shares: JSON (JSONB on PostgreSQL) and the auto-increment id of both databases."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Integer
from sqlalchemy.dialects.postgresql import JSONB

Json = JSON().with_variant(JSONB(), "postgresql")
# SQLite only makes INTEGER PRIMARY KEY an auto-increment alias; PostgreSQL gets a BIGINT identity.
AutoId = BigInteger().with_variant(Integer(), "sqlite")

__all__ = ["AutoId", "Json"]
