"""Going from unread article to unread article: ``n`` and ``Shift+N`` go to the next or
previous unread article of the list, and Space at the end of an article goes on to the next.

Which articles are unread is asked of the library in turn with the writes queued before it,
off the GUI thread: the article just left is marked read by then, and the answer is the
library's, not the list's cache of rows (which holds only the pages it has painted).
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec.structs import replace
from PySide6.QtCore import QObject

from reader import ArticleQuery, Library
from ui.article_list.article_list import ArticleListView
from ui.article_list.article_model import ArticleTableModel
from ui.undo import EditHistory

MESSAGE_MS = 8000


def unread_query(query: ArticleQuery) -> ArticleQuery:
    """The unread articles among those ``query`` lists."""
    search = (query.search or "").strip()
    return replace(query, search=f"({search}) is:unread" if search else "is:unread")


def unread_beside(ids: list[int], row: int, unread: set[int], step: int) -> int | None:
    """The first id of ``unread`` after ``row`` of ``ids`` (``step`` 1) or before it (-1)."""
    rows = range(row + 1, len(ids)) if step > 0 else range(row - 1, -1, -1)
    return next((ids[r] for r in rows if ids[r] in unread), None)


class UnreadNavigation(QObject):
    def __init__(
        self,
        library: Library,
        history: EditHistory,
        model: ArticleTableModel,
        list_view: ArticleListView,
        page_down: Callable[[], bool],
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._history = history
        self._model = model
        self._list = list_view
        self._page_down = page_down
        self._status = show_status

    def next(self) -> None:
        self._go(1)

    def previous(self) -> None:
        self._go(-1)

    def page_on(self) -> None:
        """Space: a page further down the article, or at its end the next unread one."""
        if not self._page_down():
            self._go(1)

    def _go(self, step: int) -> None:
        query = self._model.query
        wanted = unread_query(query)
        self._history.in_turn(lambda: set(self._library.article_ids(wanted)),
                              lambda unread: self._arrived(query, unread, step),
                              lambda error: self._status(f"Cannot find unread articles: "
                                                         f"{error}", MESSAGE_MS))

    def _arrived(self, query: ArticleQuery, unread: set[int], step: int) -> None:
        if query != self._model.query:
            return  # another list since: where to go was asked of the one before
        ids = self._model.ids()
        current = self._list.current_article_id()
        row = self._model.row_for_id(current) if current is not None else None
        start = -1 if row is None else row
        if row is None and step < 0:
            start = len(ids)
        target = unread_beside(ids, start, unread, step)
        if target is not None:
            self._list.select_id(target)  # opened: marked read as any article the reader opens
            return
        others = len(unread - {current})
        where, keys = ("below", "Shift+N") if step > 0 else ("above", "N")
        if others:
            elsewhere = "above" if step > 0 else "below"
            self._status(f"No unread articles {where} this one; {others:,} {elsewhere} "
                         f"({keys})", MESSAGE_MS)
        else:
            self._status("No more unread articles in this list", MESSAGE_MS)
