"""The text widget of the reading view: read-only, never fetching, zoom sent to its owner."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QWidget

CONTROL = Qt.KeyboardModifier.ControlModifier


class ArticleText(QTextBrowser):
    """A read-only text view that never loads anything and routes zoom through its owner.

    Arrow keys scroll, as in a reader; F7 toggles a caret for selecting with the keyboard."""

    zoom_requested = Signal(int)  # +1, -1, 0 for reset
    resized = Signal()
    menu_requested = Signal(QMenu, QPoint)  # a context menu to fill, at a viewport point

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setAccessibleName("Article text")

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        return None  # nothing remote or local is ever fetched

    def setSource(
        self,
        name: QUrl | str,
        type: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource,
    ) -> None:
        return None  # never navigate away from the article

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_requested.emit(1)
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_requested.emit(-1)
        elif event.key() == Qt.Key.Key_0 and event.modifiers() & CONTROL:
            self.zoom_requested.emit(0)
        elif event.key() == Qt.Key.Key_F7:  # caret browsing, to select text from the keyboard
            flags = self.textInteractionFlags() ^ Qt.TextInteractionFlag.TextSelectableByKeyboard
            self.setTextInteractionFlags(flags)
            caret_on = bool(flags & Qt.TextInteractionFlag.TextSelectableByKeyboard)
            if caret_on and not self.viewport().rect().contains(self.cursorRect()):
                # The caret starts where the reader is, not back at the top of the article.
                self.setTextCursor(self.cursorForPosition(QPoint(0, self.fontMetrics().height())))
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & CONTROL:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_requested.emit(1 if delta > 0 else -1)
            event.accept()
        else:
            super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        self.menu_requested.emit(menu, event.pos())  # the owner adds its actions first
        standard = self.createStandardContextMenu()
        standard.setParent(menu, standard.windowFlags())
        if menu.actions():
            menu.addSeparator()
        menu.addActions(standard.actions())
        menu.exec(event.globalPos())
        menu.deleteLater()
