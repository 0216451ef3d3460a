"""Choosing the engine a library is kept in."""

from __future__ import annotations

from pathlib import Path

from reader.records import UpgradeListener
from reader.store.interface import Store
from reader.store.location import LibraryLocation, ServerLocation
from reader.store.sqlite import SqliteStore


def open_store(location: LibraryLocation, *, read_only: bool | None = None,
               local_folder: Path | None = None,
               on_upgrade: UpgradeListener | None = None) -> Store:
    """The library at ``location`` (a file, or a database on a PostgreSQL server), created or
    upgraded as needed (read-only when ``read_only``, or when this process or role may not
    write it and ``read_only`` is None). ``local_folder`` is where a server library's local
    files go (its backups). ``on_upgrade`` hears of an upgrade of an older library before it
    starts. Raises LibraryUnavailable with the reason when it cannot be opened."""
    if isinstance(location, ServerLocation):
        from reader.store.postgres import PostgresStore

        folder = local_folder or location.local_folder(Path.home() / ".broadsheet")
        return PostgresStore(location, folder, read_only=read_only, on_upgrade=on_upgrade)
    return SqliteStore(location, read_only=read_only, on_upgrade=on_upgrade)
