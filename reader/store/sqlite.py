"""A library kept in one SQLite file: the :class:`~reader.store.interface.Store` of SQLite.

:class:`SqliteStore` owns the engine and, with the modules beside it, is the one place that
knows it is SQLite: how the file is opened (read-only when it must be), transactions, copies
through the online backup API, the integrity check, and putting a backup's content in place of
the library's. Its ``sql`` is :class:`~reader.store.sqlite_sql.SqliteSql`, with the FTS5 index.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine

from reader.paths import checked_library_path
from reader.records import UpgradeListener
from reader.store import backups as backup_files
from reader.store import database
from reader.store.interface import BackupInfo, BackupPreview, ChangeSignal, EngineSql
from reader.store.location import LibraryLocation
from reader.store.sqlite_sql import SQLITE_SQL


class SqliteStore:
    """The library file at ``path``; thread-safe, each transaction takes its own connection."""

    def __init__(self, path: Path, *, read_only: bool | None = None,
                 on_upgrade: UpgradeListener | None = None) -> None:
        path = checked_library_path(path)  # never ":memory:", where nothing would be kept
        self.path = path
        self.location: LibraryLocation = path
        # A library on read-only media, or someone else's: it can still be read and searched.
        self.read_only = database.cannot_write(path) if read_only is None else read_only
        self.sql: EngineSql = SQLITE_SQL
        self.engine = self._open(on_upgrade)

    def _open(self, on_upgrade: UpgradeListener | None = None) -> Engine:
        if self.read_only:
            return database.prepare_read_only(self.path)
        return database.prepare(self.path, on_upgrade)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def name(self) -> str:
        """What the user calls this library (its file name)."""
        return self.path.name

    def read(self) -> AbstractContextManager[Connection]:
        """A consistent snapshot for reads made of several statements."""
        return database.read(self.engine)

    def write(self) -> AbstractContextManager[Connection]:
        """One write transaction: everything in the block lands, or nothing does."""
        return database.write(self.engine)

    def watch(self) -> ChangeSignal:
        """``PRAGMA data_version`` on a connection of its own: it changes when any other
        connection commits, and reading it touches no page of the file."""
        return DataVersion(self.engine)

    def own_files(self) -> tuple[list[Path], Path]:
        """The files the library is kept in (the database and the journals SQLite keeps
        beside it) and the folder of its backups: nothing else may ever write over them."""
        files = [Path(f"{self.path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
        return files, backup_files.backup_folder(self.path)

    # --- copies -------------------------------------------------------------------------------

    @contextmanager
    def _raw(self) -> Iterator[sqlite3.Connection]:
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            yield raw

    def backup(self, label: str) -> Path:
        """A consistent copy of the library in its backup folder, even while others write."""
        with self._raw() as raw:
            return backup_files.make_backup(raw, self.path, label)

    def backups(self) -> list[BackupInfo]:
        """Backups of this library, newest first."""
        return backup_files.list_backups(self.path)

    def daily_backup_due(self) -> bool:
        return backup_files.daily_backup_due(self.path)

    def prune_backups(self, keep: int, label: str) -> None:
        backup_files.prune(self.path, keep, label=label)

    def integrity_problems(self, backup: Path | None = None) -> list[str]:
        """What the engine's integrity check finds wrong with the library (or one of its
        backups); empty when it is sound."""
        return backup_files.integrity_problems(backup or self.path)

    def preview(self, backup: Path) -> BackupPreview:
        """What a backup holds, read without opening it as a library (nothing is upgraded)."""
        return backup_files.preview(backup)

    def revert_to(self, backup: Path) -> None:
        """Put the content of ``backup`` in place of the library's (the current content is
        kept as a backup first)."""
        self.engine.dispose()
        try:
            backup_files.restore_into(backup, self.path)
        finally:
            self.engine = self._open()


# How often the data version is read while waiting: a read costs microseconds.
POLL_S = 0.25


class DataVersion:
    """The :class:`~reader.store.interface.ChangeSignal` of a SQLite library."""

    def __init__(self, engine: Engine) -> None:
        self._conn = engine.raw_connection()
        self._seen = self._version()

    def _version(self) -> int:
        cursor = self._conn.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
            return int(row[0]) if row else 0
        finally:
            cursor.close()

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            try:
                version = self._version()
            except sqlite3.Error:
                return False
            if version != self._seen:
                self._seen = version
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL_S, left))

    def close(self) -> None:
        self._conn.close()
