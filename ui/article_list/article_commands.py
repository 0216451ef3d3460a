"""What the Article menu does to the selected articles: star, read, tag, open the original.

Writes go through the window's :class:`ui.undo.EditHistory` (so each can be undone), off the
GUI thread; the list and sidebar refresh from the change notice. Moving to the Trash lives in
:mod:`ui.article_list.trash_commands`.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QWidget

from reader import ArticleSummary
from reader.edits import AddTags, SetFlag
from reader.edits.articles import Flag
from ui.article_list.article_list import ArticleListView
from ui.article_list.article_model import ArticleTableModel
from ui.undo import EditHistory


class TagFocus(Protocol):
    def focus_tag_field(self) -> None: ...


class ArticleCommands(QObject):
    def __init__(
        self,
        history: EditHistory,
        model: ArticleTableModel,
        list_view: ArticleListView,
        detail: TagFocus,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._history = history
        self._model = model
        self._list = list_view
        self._detail = detail
        self._window = window

    def known_summaries(self, ids: list[int]) -> list[ArticleSummary]:
        """Rows already fetched among ``ids`` (the visible ones): enough to decide whether
        "Star" means star or unstar, without reading 100k rows for a select-all."""
        known = [s for s in (self._model.peek(i) for i in ids[:2000]) if s is not None]
        if not known and ids:
            # None fetched yet (a search has just replaced the rows, and the list restores its
            # selection before its current row): read the page of the current or first one.
            current = self._list.current_article_id()
            summary = self._model.cached_summary(current if current in ids else ids[0])
            known = [summary] if summary is not None else []
        return known

    def toggle_star(self) -> None:
        self.toggle("starred", self._list.selected_or_current_ids())

    def toggle_read(self) -> None:
        self.toggle("read", self._list.selected_or_current_ids())

    def toggle(self, flag: str, ids: list[int]) -> None:
        if not ids:
            return
        summaries = self.known_summaries(ids)
        value = not (summaries and all(getattr(s, flag) for s in summaries))
        which: Flag = "starred" if flag == "starred" else "read"
        self._history.make(SetFlag(tuple(ids), which, value), background=True)

    def add_tag(self) -> None:
        ids = self._list.selected_or_current_ids()
        if len(ids) <= 1:
            self._detail.focus_tag_field()
            return
        name, ok = QInputDialog.getText(self._window, "Add tag", f"Tag for {len(ids):,} articles:")
        if ok and name.strip():
            self._history.make(AddTags(tuple(ids), (name.strip(),)), background=True)

    def original_url(self) -> str | None:
        """The web address of the article shown, if it has one."""
        current = self._list.current_article_id()
        summary = None if current is None else self._model.cached_summary(current)
        return summary.url if summary is not None else None

    def open_original(self) -> bool:
        """Open the article's address in the user's browser. Only http(s) addresses are ever
        stored, so this never opens a local file or runs a program."""
        url = self.original_url()
        return url is not None and QDesktopServices.openUrl(QUrl(url))
