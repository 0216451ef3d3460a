"""Cutting long id lists into pieces a single statement can take."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# SQLite caps the bound parameters of one statement (999 in older builds): lists of ids go
# to ``IN (...)`` in pieces of this size.
SQL_CHUNK = 500


def chunks(items: Sequence[T], size: int = SQL_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
