"""What the Article menu does to the selected articles: star, read, tag, delete.

Writes run through the task runner; the list and sidebar refresh from the change notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from reader import ArticleSummary, Library
from ui.article_list import ArticleListView
from ui.article_model import ArticleTableModel
from ui.tasks import Runner


class TagFocus(Protocol):
    def focus_tag_field(self) -> None: ...


class ArticleCommands(QObject):
    def __init__(
        self,
        library: Library,
        model: ArticleTableModel,
        list_view: ArticleListView,
        detail: TagFocus,
        runner: Runner,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._library = library
        self._model = model
        self._list = list_view
        self._detail = detail
        self._runner = runner
        self._window = window

    def known_summaries(self, ids: list[int]) -> list[ArticleSummary]:
        """Rows already fetched among ``ids`` (the visible ones): enough to decide whether
        "Star" means star or unstar, without reading 100k rows for a select-all."""
        known = [s for s in (self._model.peek(i) for i in ids[:2000]) if s is not None]
        current = self._list.current_article_id()
        if not known and current is not None and current in ids:
            summary = self._model.cached_summary(current)
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
        setter = self._library.set_starred if flag == "starred" else self._library.set_read
        self._write(lambda: setter(ids, value))

    def add_tag(self) -> None:
        ids = self._list.selected_or_current_ids()
        if len(ids) <= 1:
            self._detail.focus_tag_field()
            return
        name, ok = QInputDialog.getText(self._window, "Add tag", f"Tag for {len(ids):,} articles:")
        if ok and name.strip():
            self._write(lambda: self._library.add_tags(ids, [name.strip()]))

    def delete_selected(self) -> None:
        ids = self._list.selected_or_current_ids()
        if not ids or not self.confirm_delete(ids):
            return
        rows = [r for r in (self._model.row_for_id(i) for i in ids) if r is not None]
        first = min(rows, default=0)

        def after() -> None:
            # The next article moves up into the place of the first one deleted.
            count = self._model.rowCount()
            if self._list.current_article_id() is None and count:
                row = min(first, count - 1)
                self._list.select_rows([row], current=row)

        self._write(lambda: self._library.delete_articles(ids), after)

    def confirm_delete(self, ids: list[int]) -> bool:
        summary = self._model.cached_summary(ids[0]) if len(ids) == 1 else None
        what = f"'{summary.title}'" if summary else f"{len(ids):,} articles"
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete", f"Delete {what}?",
                          QMessageBox.StandardButton.Cancel, self._window)
        notes = "Its note and highlights go" if len(ids) == 1 else "Their notes and highlights go"
        box.setInformativeText(f"{notes} too. This cannot be undone.")
        confirm = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is confirm

    def _write(self, work: Callable[[], Any], then: Callable[[], None] | None = None) -> None:
        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                QMessageBox.warning(self._window, "Broadsheet", str(error))
            elif then is not None:
                then()

        self._runner.run(lambda _context: work(), done)
