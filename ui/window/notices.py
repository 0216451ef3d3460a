"""Messages that do not get in the way: a status-bar notice with an Undo link, and a warning
banner for writes the library refused (busy, read-only, disk full). Reading goes on meanwhile.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

NOTICE_MS = 10_000
BANNER_MS = 20_000


class UndoNotice(QLabel):
    """"Moved 3 articles to the Trash — Undo" in the status bar for a while; the link undoes."""

    undo_requested = Signal()

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.setAccessibleName("Last change")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.linkActivated.connect(self._clicked)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        status_bar.addWidget(self, 1)
        self.hide()

    def show_notice(self, text: str, undoable: bool = True) -> None:
        link = ' — <a href="undo">Undo</a>' if undoable else ""
        self.setText(f"{escape(text)}{link}")
        self.setAccessibleDescription(f"{text}. Ctrl+Z undoes it." if undoable else text)
        self.show()
        self._timer.start(NOTICE_MS)

    def plain_text(self) -> str:
        return self.text().replace(' — <a href="undo">Undo</a>', " — Undo")

    def _clicked(self, _link: str) -> None:
        self.hide()
        self.undo_requested.emit()


class ProblemBanner(QFrame):
    """A slim warning strip over the window's panes: what could not be saved, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemBanner")
        self.setAccessibleName("Warning")
        self.setStyleSheet(
            "#problemBanner { background: #fff4ce; border-bottom: 1px solid #e0c36c; }"
            " #problemBanner QLabel { color: #5c4400; }"
        )
        self.icon = QLabel("⚠", self)
        self.icon.setAccessibleName("Warning sign")
        self.label = QLabel(self)
        self.label.setAccessibleName("Warning message")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Dismiss warning")
        self.close_button.setToolTip("Dismiss")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_problem(self, text: str, *, lasting: bool = False) -> None:
        """Show ``text`` for a while, or until dismissed when it is ``lasting``."""
        self.label.setText(text)
        self.show()
        if lasting:
            self._timer.stop()
        else:
            self._timer.start(BANNER_MS)


class TrashBar(QFrame):
    """Shown over the panes while the Trash is listed: what the Trash is, and Empty Trash."""

    def __init__(self, empty_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trashBar")
        self.setAccessibleName("About the Trash")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.label = QLabel(
            "Articles in the Trash are out of every list and search until you empty it. "
            "Restore puts the selected ones back; Delete Permanently cannot be undone.", self)
        self.label.setAccessibleName("The Trash")
        self.label.setWordWrap(True)
        self.empty_button = QToolButton(self)
        self.empty_button.setDefaultAction(empty_action)
        self.empty_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.empty_button.setAccessibleName("Empty Trash")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.empty_button)
        self.hide()


def with_banner(banner: ProblemBanner, content: QWidget) -> QWidget:
    """``content`` with ``banner`` above it, for a window's central widget."""
    holder = QWidget(content.parentWidget())
    holder.setAccessibleName("Main area")
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(content, 1)
    return holder
