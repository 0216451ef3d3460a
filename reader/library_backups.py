"""Copies of a library: ``library.backups``."""

from __future__ import annotations

from pathlib import Path

from reader.records import EVERYTHING, ChangeListener
from reader.settings import BACKUPS_TO_KEEP
from reader.store.interface import BackupInfo, BackupPreview, Store


class LibraryBackups:
    """Backups of one library: made on request or once a day, listed, and gone back to."""

    def __init__(self, store: Store, emit: ChangeListener) -> None:
        self._store = store
        self._emit = emit

    def make(self, label: str = "manual") -> Path:
        """Write a consistent copy of the library into its backup folder."""
        return self._store.backup(label)

    def newest_first(self) -> list[BackupInfo]:
        """Backups of this library, newest first."""
        return self._store.backups()

    def daily(self, keep: int = BACKUPS_TO_KEEP.default) -> Path | None:
        """Back up if the newest daily backup is a day old or missing; keep the last ``keep``.
        A read-only library never changes, and its folder may take no copy: none is made."""
        if self._store.read_only or not self._store.daily_backup_due():
            return None
        made = self._store.backup("daily")
        self._store.prune_backups(keep, label="daily")
        return made

    def problems(self, backup: Path | None = None) -> list[str]:
        """What an integrity check finds wrong with the library, or with ``backup``; empty
        when it is sound."""
        return self._store.integrity_problems(backup)

    def preview(self, backup: Path) -> BackupPreview:
        """What ``backup`` holds: counts of articles, tags, notes and highlights."""
        return self._store.preview(backup)

    def revert_to(self, backup: Path) -> None:
        """Replace everything in the library with the backup's content."""
        self._store.revert_to(backup)
        self._emit(EVERYTHING)
