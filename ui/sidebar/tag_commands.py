"""The sidebar's commands on one tag: rename, merge, change colour, delete. Each is a step
of the window's undo history, written off the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox

from reader import BroadsheetError, Library
from reader.edits import DeleteTag, Edit, MergeTag, RenameTag, SetTagColor
from ui.plain_text import as_plain, inform, message_box, warn

if TYPE_CHECKING:
    from ui.undo import EditHistory


class TagCommands:
    """Mixed into the sidebar (a QWidget), which provides the library, the history and the
    tree."""

    _library: Library
    _history: EditHistory
    _tag_items: dict[str, QStandardItem]
    _follow: tuple[str, str] | None

    def rename_tag(self, name: str) -> None:
        new, ok = QInputDialog.getText(self, "Rename tag", as_plain(f"New name for '{name}':"),
                                       text=name)
        if ok and new.strip() and new.strip() != name:
            self._write(RenameTag(name, new.strip()))

    def merge_tag(self, name: str) -> None:
        key = name.casefold()
        others = [tag.name for tag in self._library.tags() if tag.name.casefold() != key]
        if not others:
            inform(self, "Merge tag", "There is no other tag to merge into.")
            return
        target, ok = QInputDialog.getItem(
            self, "Merge tag", as_plain(f"Move every article of '{name}' to:"), others, 0, False
        )
        if ok and target:
            self._write(MergeTag(name, target))

    def change_color(self, name: str) -> None:
        item = self._tag_items.get(name.casefold())
        current = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        color = QColorDialog.getColor(
            QColor(current or "#7f8c8d"), self, f"Colour for '{name}'"
        )
        if color.isValid():
            self._write(SetTagColor(name, color.name()))

    def delete_tag(self, name: str) -> None:
        try:
            usage = self._library.tag_usage(name)
        except BroadsheetError as exc:
            warn(self, "Delete tag", str(exc))
            return
        plural = "" if usage == 1 else "s"
        if self.confirm(f"Delete tag '{name}'? It is on {usage:,} article{plural}."):
            self._write(DeleteTag(name))

    def confirm(self, question: str) -> bool:
        box = message_box(
            QMessageBox.Icon.Question, "Delete tag", question, QMessageBox.StandardButton.Cancel,
            self,
        )
        confirm = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is confirm

    def _moving(self, old: str, new: str) -> None:
        """A tag is about to move from ``old`` to ``new``: if it is the one chosen, the choice
        follows it when the tree is rebuilt."""
        self._follow = (old, new)

    def _write(self, edit: Edit[object]) -> None:
        """Make a tag change through the undo history, off the GUI thread; a refused change
        is said so, and leaves no step to undo."""
        self._history.make(edit, background=True, failed=self._refused)

    def _refused(self, error: BaseException) -> None:
        self._follow = None  # nothing moved: the choice stays where it is
        warn(self, "Tags", str(error))
