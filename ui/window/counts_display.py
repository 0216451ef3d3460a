"""The library's counts (all, unread, starred, annotated, the Trash): read off the GUI thread
after the writes that may change them, shown in the sidebar and the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from reader import Changes, Counts, Library, View
from ui.article_list.article_model import ArticleTableModel
from ui.tasks import LatestOnly, Runner


class CountsDisplay:
    """``label`` says how many articles there are and how many are shown; ``arrived`` gets
    each fresh read of the counts."""

    def __init__(self, library: Library, runner: Runner, model: ArticleTableModel,
                 arrived: Callable[[Counts], None], parent: QWidget) -> None:
        self.counts: Counts | None = None
        self._model = model
        self._arrived = arrived
        self._reader = LatestOnly(runner, lambda _context: library.counts(), self._read)
        self.label = QLabel(parent)
        self.label.setAccessibleName("Article counts")

    def request(self) -> None:
        """Read the counts again (they scan the library: off the GUI thread)."""
        self._reader.request()

    def on_library_changed(self, changes: Changes) -> None:
        if changes.counts or changes.membership:
            self.request()

    def _read(self, counts: Counts | None, error: BaseException | None) -> None:
        if error is None and counts is not None:
            self.counts = counts
            self._arrived(counts)

    def update_label(self, *_args: object) -> None:
        counts = self.counts
        if counts is None:
            return
        plural = "s" if counts.total != 1 else ""
        text = f"{counts.total:,} article{plural} · {counts.unread:,} unread"
        shown = self._model.rowCount()
        if self._model.query.view is View.TRASH:
            # The library's totals leave the trash out: say what this list is instead.
            text = f"{shown:,} shown · {counts.trash:,} in the Trash · {text}"
        elif shown != counts.total:
            text = f"{shown:,} shown · {text}"
        self.label.setText(text)
