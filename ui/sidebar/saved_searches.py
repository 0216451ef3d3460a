"""The sidebar's "Saved searches" section: each saved query with how many articles it finds.

Counts run off the GUI thread and are refreshed, a moment after the library changes, in one
pass; the list itself is re-read when ``Changes.searches`` says it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QPalette, QStandardItem
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QTreeView, QWidget

from reader import ArticleQuery, BroadsheetError, Changes, Library, SavedSearch
from reader.edits import DeleteSavedSearch, Edit, RenameSavedSearch, SaveSearch
from ui.plain_text import as_plain, message_box, warn
from ui.tasks import LatestOnly, Runner
from ui.undo import EditHistory

SEARCH_KIND = "search"
SearchIdRole = int(Qt.ItemDataRole.UserRole) + 10
COUNT_DELAY_MS = 400


def _count(library: Library, query: str) -> int | str:
    """How many articles ``query`` finds, or why it cannot be read."""
    try:
        return library.count(ArticleQuery(search=query))
    except BroadsheetError as exc:
        return str(exc)


class SavedSearchSection(QObject):
    """Fills ``root`` (a sidebar section item) with the library's saved searches."""

    def __init__(self, library: Library, runner: Runner, history: EditHistory,
                 root: QStandardItem, tree: QTreeView, kind_role: int, value_role: int) -> None:
        super().__init__(tree)
        self._library = library
        self._runner = runner
        self._history = history  # saving, renaming and deleting are steps to undo
        self._root = root
        self._tree = tree
        self._kind_role = kind_role
        self._value_role = value_role
        self._searches: tuple[SavedSearch, ...] = ()
        self._counter = LatestOnly(runner, self._count_all, self._counts_arrived)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COUNT_DELAY_MS)
        self._timer.timeout.connect(self._count_if_shown)

    @property
    def searches(self) -> tuple[SavedSearch, ...]:
        return self._searches

    def refresh(self) -> None:
        """Re-read the saved searches and count them again."""
        try:
            self._searches = tuple(self._library.saved_searches())
        except BroadsheetError:
            self._searches = ()
        self._root.removeRows(0, self._root.rowCount())
        for saved in self._searches:
            name = QStandardItem(saved.name)
            name.setData(SEARCH_KIND, self._kind_role)
            name.setData(saved.query, self._value_role)
            name.setData(saved.id, SearchIdRole)
            name.setToolTip(as_plain(saved.query))
            count = QStandardItem("")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setForeground(self._tree.palette().color(QPalette.ColorRole.PlaceholderText))
            count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self._root.appendRow([name, count])
        root_index = self._root.index()
        self._tree.setRowHidden(root_index.row(), root_index.parent(), not self._searches)
        self._tree.setExpanded(root_index, True)
        self._counter.request()

    def on_library_changed(self, changes: Changes) -> None:
        if changes.searches or changes.everything:
            self.refresh()
        elif changes.articles or changes.membership or changes.tags:
            self._timer.start()  # imports arrive in bursts: count once they settle

    # --- counts ---------------------------------------------------------------------------

    def _count_if_shown(self) -> None:
        if self._tree.window().isVisible():  # not once the window has closed
            self._counter.request()

    def _count_all(self, _context: Any) -> dict[int, int | str]:
        return {saved.id: _count(self._library, saved.query) for saved in self._searches}

    def _counts_arrived(self, counts: dict[int, int | str] | None,
                        error: BaseException | None) -> None:
        if error is not None or counts is None:
            return
        for row in range(self._root.rowCount()):
            name, count = self._root.child(row, 0), self._root.child(row, 1)
            value = counts.get(int(name.data(SearchIdRole)))
            if value is None or count is None:
                continue
            if isinstance(value, int):
                count.setText(f"{value:,}")
                name.setToolTip(as_plain(f"{name.data(self._value_role)} — {value:,} articles"))
                name.setData(f"Saved search {name.text()}, {value:,} articles",
                             Qt.ItemDataRole.AccessibleTextRole)
            else:
                count.setText("!")
                name.setToolTip(as_plain(f"{name.data(self._value_role)} — {value}"))

    # --- context menu ---------------------------------------------------------------------

    def show_menu(self, index: QModelIndex, point: QPoint) -> None:
        search_id, name = int(index.data(SearchIdRole)), str(index.data())
        menu = QMenu(self._tree)
        menu.setAccessibleName(f"Saved search {name}")
        for text, handler in (("Rename…", self.rename), ("Delete…", self.delete)):
            action = QAction(text, menu)
            action.setToolTip(as_plain(f"{text.rstrip('…')} saved search {name}"))
            action.triggered.connect(lambda _checked=False, h=handler: h(search_id, name))
            menu.addAction(action)
        menu.exec(self._tree.viewport().mapToGlobal(point))

    def rename(self, search_id: int, name: str) -> None:
        new, ok = QInputDialog.getText(self._tree, "Rename saved search",
                                       as_plain(f"New name for '{name}':"), text=name)
        if ok and new.strip() and new.strip() != name:
            self._write(RenameSavedSearch(search_id, new.strip()))

    def delete(self, search_id: int, name: str) -> None:
        if confirm_delete(self._tree, name):
            self._write(DeleteSavedSearch(search_id))

    def save(self, name: str, query: str, then: Callable[[SavedSearch], None],
             failed: Callable[[BaseException], None]) -> None:
        """Save ``query`` under ``name`` off the GUI thread, in turn with the other writes."""
        self._history.make(SaveSearch(name, query), background=True, then=then, failed=failed)

    def _write(self, edit: Edit[object]) -> None:
        def refused(error: BaseException) -> None:
            warn(self._tree, "Saved searches", str(error))

        self._history.make(edit, background=True, failed=refused)


def confirm_delete(parent: QWidget, name: str) -> bool:
    box = message_box(QMessageBox.Icon.Question, "Delete saved search",
                      f"Delete the saved search '{name}'? The articles stay.",
                      QMessageBox.StandardButton.Cancel, parent)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete
