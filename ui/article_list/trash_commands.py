"""The Trash from the GUI: Delete moves the selection to the Trash at once (Undo brings it
back); in the Trash view the selection can be restored or deleted permanently, and the whole
Trash emptied. Only the permanent deletes ask first: they cannot be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from reader import BroadsheetError, Library, View
from reader.edits import Trash, Untrash, articles_text
from ui.article_list.article_list import ArticleListView
from ui.article_list.article_model import ArticleTableModel
from ui.plain_text import message_box
from ui.undo import EditHistory
from ui.window.actions import ActionRegistry

MOVE_TEXT = "&Move to Trash"
PURGE_TEXT = "Delete &Permanently…"


def _count(count: int) -> str:
    return f"{count:,} article{'s' if count != 1 else ''}"


class TrashCommands(QObject):
    problem = Signal(str)  # a permanent delete was refused
    notice = Signal(str, bool)  # (what happened, whether Undo takes it back)
    view_changed = Signal(bool)  # whether the Trash is the list shown

    def __init__(
        self,
        library: Library,
        history: EditHistory,
        model: ArticleTableModel,
        list_view: ArticleListView,
        actions: ActionRegistry,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._library = library
        self._history = history
        self._model = model
        self._list = list_view
        self._actions = actions
        self._window = window
        model.query_reset.connect(self.update_actions)
        list_view.selectionModel().selectionChanged.connect(self.update_actions)
        self.update_actions()

    def in_trash(self) -> bool:
        return self._model.query.view is View.TRASH

    # --- commands -----------------------------------------------------------------------------

    def delete_selected(self) -> None:
        """Delete: to the Trash (undoable), or for good when the Trash is being shown."""
        if self.in_trash():
            self.delete_permanently()
            return
        ids = self._list.selected_or_current_ids()
        if not ids:
            return
        rows = [r for r in (self._model.row_for_id(i) for i in ids) if r is not None]
        first = min(rows, default=0)

        def moved(_count: Any) -> None:
            # The next article moves up into the place of the first one deleted.
            count = self._model.rowCount()
            if self._list.current_article_id() is None and count:
                row = min(first, count - 1)
                self._list.select_rows([row], current=row)
            self.notice.emit(f"Moved {articles_text(len(ids))} to the Trash", True)

        self._history.make(Trash(tuple(ids)), background=True, then=moved)

    def restore_selected(self) -> None:
        ids = self._list.selected_or_current_ids()
        if ids and self.in_trash():
            self._history.make(
                Untrash(tuple(ids)), background=True,
                then=lambda _n: self.notice.emit(
                    f"Restored {articles_text(len(ids))} from the Trash", True),
            )

    def delete_permanently(self) -> None:
        ids = self._list.selected_or_current_ids()
        if not ids or not self.in_trash():
            return
        summary = self._model.cached_summary(ids[0]) if len(ids) == 1 else None
        what = f"“{summary.title}”" if summary else _count(len(ids))
        if self.confirm("Delete permanently", f"Delete {what} permanently?",
                        "Notes and highlights go too. This cannot be undone.",
                        "Delete Permanently"):
            self._purge(ids, f"Deleted {_count(len(ids))} permanently")

    def empty_trash(self) -> None:
        try:
            count = self._library.counts().trash
        except BroadsheetError as exc:
            self.problem.emit(f"Could not read the Trash: {exc}.")
            return
        if count == 0:
            self.notice.emit("The Trash is empty", False)
            return
        if self.confirm("Empty Trash", f"Delete the {_count(count)} in the Trash permanently?",
                        "Their notes and highlights go too. This cannot be undone.",
                        "Empty Trash"):
            self._purge(None, f"Emptied the Trash ({_count(count)})")

    def confirm(self, title: str, question: str, detail: str, button: str) -> bool:
        box = message_box(QMessageBox.Icon.Warning, title, question,
                          QMessageBox.StandardButton.Cancel, self._window)
        box.setInformativeText(detail)
        confirm = box.addButton(button, QMessageBox.ButtonRole.DestructiveRole)
        confirm.setAccessibleName(button)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is confirm

    def _purge(self, ids: list[int] | None, done_text: str) -> None:
        library = self._library

        # In turn with the edits before it: an article just moved to the Trash is in it.
        self._history.in_turn(
            lambda: library.empty_trash(ids),
            lambda _count: self.notice.emit(done_text, False),
            lambda error: self.problem.emit(f"Could not delete permanently: {error}."),
        )

    # --- menus and actions --------------------------------------------------------------------

    def show_trash_menu(self, point: QPoint) -> None:
        """The sidebar's Trash entry was right-clicked (``point`` is global)."""
        menu = QMenu(self._window)
        menu.setAccessibleName("Trash")
        menu.addAction(self._actions["empty_trash"])
        menu.exec(point)
        menu.deleteLater()

    def update_actions(self, *_args: object) -> None:
        trash = self.in_trash()
        has_ids = bool(self._list.selected_or_current_ids())
        delete, restore = self._actions["delete"], self._actions["restore"]
        delete.setText(PURGE_TEXT if trash else MOVE_TEXT)
        delete.setIconText("Delete Permanently" if trash else "Delete")
        restore.setIconText("Restore")
        delete.setStatusTip("Delete the selected articles permanently" if trash
                            else "Move the selected articles to the Trash")
        restore.setVisible(trash)
        restore.setEnabled(trash and has_ids and not self._library.read_only)
        self.view_changed.emit(trash)
