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


# The largest page of ``fixed_pages``: a power of two.
LARGEST_PAGE = 512


def fixed_pages(items: Sequence[T], largest: int = LARGEST_PAGE) -> Iterator[Sequence[T]]:
    """``items`` in pages whose sizes are powers of two up to ``largest``: as many pages of
    ``largest`` as fit, then one page for each bit of what is left.

    A multi-row ``INSERT … VALUES … RETURNING`` is a statement of its own for every row
    count, and the driver keeps each prepared statement it has seen with the values last
    bound to it (Python's ``sqlite3`` never clears them): with the row counts an import
    happens to have (1,903 new articles in one batch, 1,876 in the next), every batch left
    its bodies behind, 50 MB after 25,000 articles. Ten page sizes keep at most ten such
    statements, holding under ``2 * largest`` rows between them.
    """
    start = 0
    while len(items) - start >= largest:
        yield items[start : start + largest]
        start += largest
    size = largest // 2
    while start < len(items):
        if len(items) - start >= size:
            yield items[start : start + size]
            start += size
        size //= 2
