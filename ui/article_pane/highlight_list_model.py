"""The list of the shown article's highlights as a Qt model: quoted text, colour, and a
tooltip with the comment."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from reader import Highlight
from reader.settings import Settings
from ui.plain_text import as_plain

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class HighlightListModel(QAbstractListModel):
    """A handful of highlights: one row each, the Highlight itself under HIGHLIGHT_ROLE."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._rows: list[Highlight] = []

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        self.beginResetModel()
        self._rows = list(highlights)
        self.endResetModel()

    def refresh(self) -> None:
        """Every row again (a colour was renamed), keeping the selection."""
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._rows)

    def row_of(self, highlight_id: int) -> int | None:
        return next((i for i, mark in enumerate(self._rows) if mark.id == highlight_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        mark = self._rows[index.row()]
        color = self._settings.color(mark.color)
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(mark.text.split())
        if role == HIGHLIGHT_ROLE:
            return mark
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(color.hex)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            comment = f"\nComment: {mark.comment}" if mark.comment else ""
            text = f"{color.name}: “{' '.join(mark.text.split())}”{comment}"
            return as_plain(text) if role == Qt.ItemDataRole.ToolTipRole else text
        return None
