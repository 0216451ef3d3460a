"""The part of ``Library`` that deals in whole files: backups, exports and restores.

``Library`` is the one front door; this mixin only keeps its file-level operations in a module
of their own. The import and export machinery loads on first use: opening the app does not
need it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from reader.records import ArticleQuery, Changes
from reader.store import backups as backup_files
from reader.store import database

if TYPE_CHECKING:
    from reader.transfer import exporting, restoring


class LibraryFiles:
    """Backups, exports and restores; mixed into ``Library``, which provides the rest."""

    path: Path
    read_only: bool
    _engine: Engine

    def _emit(self, changes: Changes) -> None:
        raise NotImplementedError  # Library's

    def article_ids(self, query: ArticleQuery | None = None, limit: int | None = None) -> list[int]:
        raise NotImplementedError  # Library's

    # --- backups ----------------------------------------------------------------------------

    def backup(self, label: str = "manual") -> Path:
        """Write a consistent copy of the library into its backup folder."""
        with self._engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            return backup_files.make_backup(raw, self.path, label)

    def backups(self) -> list[backup_files.BackupInfo]:
        """Backups of this library, newest first."""
        return backup_files.list_backups(self.path)

    def daily_backup(self, keep: int = backup_files.DEFAULT_KEEP) -> Path | None:
        """Back up if the newest daily backup is a day old or missing; keep the last ``keep``.
        A read-only library never changes, and its folder may take no copy: none is made."""
        if self.read_only or not backup_files.daily_backup_due(self.path):
            return None
        made = self.backup("daily")
        backup_files.prune(self.path, keep, label="daily")
        return made

    def restore_backup(self, backup: Path) -> None:
        """Replace everything in the library with the backup's content."""
        self._engine.dispose()
        try:
            backup_files.restore_into(backup, self.path)
        finally:
            self._engine = database.prepare(self.path)
        self._emit(Changes(added=True, removed=True, tags=True))

    # --- export and restore -----------------------------------------------------------------
    # Progress is ``progress(done, total)``; ``cancel`` is polled between pages and a
    # cancelled export leaves no file behind. See reader/exporting.py for the formats.

    def _selected_ids(self, selection: exporting.Selection) -> list[int]:
        """None means the list as it stands (every article of the default query)."""
        if selection is None or isinstance(selection, ArticleQuery):
            return self.article_ids(selection)
        return list(selection)

    def export_json(
        self,
        path: str | os.PathLike[str],
        selection: exporting.Selection = None,
        *,
        progress: exporting.Progress | None = None,
        cancel: exporting.Cancel | None = None,
    ) -> exporting.ExportReport:
        """The whole library (the trash too) as one JSON file for ``restore``; a selection
        limits the articles, and the tags listed to theirs."""
        from reader.transfer import exporting

        ids = None if selection is None else self._selected_ids(selection)
        return exporting.export_json(
            self._engine, Path(path), ids, progress=progress, cancel=cancel
        )

    def export_csv(
        self,
        path: str | os.PathLike[str],
        selection: exporting.Selection = None,
        *,
        progress: exporting.Progress | None = None,
        cancel: exporting.Cancel | None = None,
    ) -> exporting.ExportReport:
        from reader.transfer import exporting

        return exporting.export_csv(
            self._engine, Path(path), self._selected_ids(selection),
            progress=progress, cancel=cancel,
        )

    def export_markdown(
        self,
        path: str | os.PathLike[str],
        selection: exporting.Selection = None,
        *,
        one_file: bool | None = None,
        progress: exporting.Progress | None = None,
        cancel: exporting.Cancel | None = None,
    ) -> exporting.ExportReport:
        """Notes and highlights: one digest file, or one file per article in a folder;
        ``one_file`` None decides by the name (``.md``: one file)."""
        from reader.transfer import exporting

        return exporting.export_markdown(
            self._engine, Path(path), self._selected_ids(selection), one_file=one_file,
            progress=progress, cancel=cancel,
        )

    def restore(
        self,
        path: str | os.PathLike[str],
        *,
        progress: exporting.Progress | None = None,
        cancel: exporting.Cancel | None = None,
    ) -> restoring.RestoreReport:
        """Fill this empty library from an ``export_json`` file, in one transaction."""
        from reader.transfer import restoring

        report = restoring.restore_into(
            self._engine, Path(path), progress=progress, cancel=cancel
        )
        if not report.cancelled:
            self._emit(Changes(added=True, tags=True, searches=True))
        return report
