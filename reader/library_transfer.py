"""Exports and restores of a library: ``library.transfer``.

The export and restore machinery loads on first use: opening the app does not need it.
Progress is ``progress(done, total)``; ``cancel`` is polled between pages and a cancelled
export leaves no file behind. See :mod:`reader.transfer.exporting` for the formats.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.records import EVERYTHING, ArticleQuery, ChangeListener
from reader.settings import HighlightColor
from reader.store.interface import Store

if TYPE_CHECKING:
    from reader.transfer import exporting, restoring

IdsOf = Callable[[ArticleQuery | None], list[int]]
Output = str | os.PathLike[str] | TextIO
"""Where an export goes: a file's path, or a text stream (standard output)."""


def _output(path: Output) -> Path | TextIO:
    return Path(path) if isinstance(path, str | os.PathLike) else path


class LibraryTransfer:
    """Getting articles out of one library, and a whole export back into an empty one."""

    def __init__(self, store: Store, ids_of: IdsOf, emit: ChangeListener) -> None:
        self._store = store
        self._ids_of = ids_of
        self._emit = emit

    def _selected_ids(self, selection: exporting.Selection) -> list[int]:
        """None means the list as it stands (every article of the default query)."""
        if selection is None or isinstance(selection, ArticleQuery):
            return self._ids_of(selection)
        return list(selection)

    def export_json(
        self,
        path: Output,
        selection: exporting.Selection = None,
        *,
        progress: exporting.Progress | None = None,
        cancel: exporting.Cancel | None = None,
    ) -> exporting.ExportReport:
        """The whole library (the trash too) as one JSON file for ``restore``; a selection
        limits the articles, and the tags listed to theirs."""
        from reader.transfer import exporting

        ids = None if selection is None else self._selected_ids(selection)
        return exporting.export_json(self._store, _output(path), ids, progress=progress,
                                     cancel=cancel)

    def export_csv(
        self,
        path: Output,
        selection: exporting.Selection = None,
        *,
        progress: exporting.Progress | None = None,
        cancel: exporting.Cancel | None = None,
    ) -> exporting.ExportReport:
        from reader.transfer import exporting

        return exporting.export_csv(self._store, _output(path), self._selected_ids(selection),
                                    progress=progress, cancel=cancel)

    def export_markdown(
        self,
        path: Output,
        selection: exporting.Selection = None,
        *,
        colors: Sequence[HighlightColor],
        one_file: bool | None = None,
        progress: exporting.Progress | None = None,
        cancel: exporting.Cancel | None = None,
    ) -> exporting.ExportReport:
        """Notes and highlights: one digest file, or one file per article in a folder;
        ``one_file`` None decides by the name (``.md``: one file). Highlights are grouped
        under the names ``colors`` gives their colours (the user's, from the settings)."""
        from reader.transfer import exporting

        return exporting.export_markdown(
            self._store, _output(path), self._selected_ids(selection), one_file=one_file,
            colors=colors, progress=progress, cancel=cancel,
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

        report = restoring.restore_into(self._store, Path(path), progress=progress,
                                        cancel=cancel)
        if not report.cancelled:
            self._emit(EVERYTHING)
        return report
