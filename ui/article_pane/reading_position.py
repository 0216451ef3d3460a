"""Where the reader is in the article shown, kept in the library as they scroll.

Each article remembers how far it was read (``Article.progress``, the scroll position as a
fraction) and opens there. The position is written at most every ``SAVE_EVERY_MS`` while the
reader scrolls, and at once when they leave the article: a write per scroll step would queue
dozens a second behind the edits that matter. It goes through the window's queue of writes,
off the GUI thread, as no step of the undo history.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QScrollBar

from reader import Article, Library
from reader.edits import SetProgress
from ui.undo import EditHistory

SAVE_EVERY_MS = 2000
# Less than this is the same place (a pixel or two of a long article): no write for it.
SAME_PLACE = 0.002


class ReadingPosition(QObject):
    """Follows the reader's scrolling of one article at a time and keeps it in the library."""

    def __init__(self, library: Library, history: EditHistory, bar: QScrollBar,
                 place: Callable[[], float | None], parent: QObject | None = None) -> None:
        """Follows ``bar``; ``place`` says how far down the article is, 0 to 1 (None when
        it all fits)."""
        super().__init__(parent)
        self._library = library
        self._history = history
        self._place = place
        self._article_id: int | None = None
        self._stored = 0.0
        self._moved = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_EVERY_MS)
        self._timer.timeout.connect(self.save)
        # Only the reader's own scrolling: wheel, keys, the scroll bar, Space. Moves the view
        # makes by itself (opening at the place kept, a relayout) are not reading.
        bar.actionTriggered.connect(self._scrolled)

    def follow(self, article: Article | None) -> None:
        """Keep the place of ``article`` from now on (the previous one's saved first)."""
        self.save()
        self._article_id = article.id if article is not None else None
        self._stored = article.progress if article is not None else 0.0

    def _scrolled(self, _action: int) -> None:
        if self._article_id is None:
            return
        self._moved = True
        if not self._timer.isActive():
            self._timer.start()

    def save(self) -> None:
        """Write the place now if the reader moved since the last write."""
        self._timer.stop()
        if not self._moved or self._article_id is None:
            return
        self._moved = False
        fraction = self._place()
        if (fraction is None or abs(fraction - self._stored) < SAME_PLACE
                or self._library.read_only):
            return
        article_id, before, self._stored = self._article_id, self._stored, fraction

        def refused(_error: BaseException) -> None:
            # A place that cannot be kept (the library busy, the article deleted meanwhile)
            # is not worth a message: it is tried again with the next save.
            if self._article_id == article_id:
                self._stored, self._moved = before, True

        self._history.make(SetProgress(article_id, round(fraction, 4)), background=True,
                           step=False, failed=refused)
