"""Choosing the engine a library is kept in."""

from __future__ import annotations

from pathlib import Path

from reader.store.interface import Store
from reader.store.sqlite import SqliteStore


def open_store(path: Path, *, read_only: bool | None = None) -> Store:
    """The library at ``path``, created or upgraded as needed (read-only when ``read_only``,
    or when this process may not write it and ``read_only`` is None). Raises
    LibraryUnavailable with the reason when it cannot be opened."""
    return SqliteStore(path, read_only=read_only)
