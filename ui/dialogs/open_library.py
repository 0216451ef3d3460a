"""File > Open Library…: open another library (a file, or a database on a PostgreSQL server)
in a window of its own, choosing among the libraries opened lately.

Recent libraries are kept in the window settings as their locations; an address never holds
a password (``reader.store.location`` refuses one), which comes from ``~/.pgpass`` or
``PGPASSWORD``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader import InvalidValue, Library, LibraryUnavailable
from ui.dialogs.upgrade_dialog import open_library_showing_upgrade
from ui.plain_text import warn

RECENT_KEY = "libraries/recent"
RECENT_KEPT = 8
_OPEN_WINDOWS: list[QWidget] = []  # windows opened here, kept alive until they close


def recent_libraries() -> list[str]:
    value = QSettings().value(RECENT_KEY, [])
    found = [value] if isinstance(value, str) else list(value or [])
    return [str(item) for item in found if item]


def remember_library(location: str) -> None:
    """Put ``location`` first among the recent libraries."""
    kept = [location, *(item for item in recent_libraries() if item != location)]
    QSettings().setValue(RECENT_KEY, kept[:RECENT_KEPT])


class OpenLibraryDialog(QDialog):
    """Asks for a library file or a ``postgresql://user@host/database`` address."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Library")
        self.location = QLineEdit(self)
        self.location.setAccessibleName("Library location")
        self.location.setPlaceholderText("A library file, or postgresql://user@host/database")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        self.recent = QListWidget(self)
        self.recent.setAccessibleName("Recent libraries")
        for location in recent_libraries():
            QListWidgetItem(location, self.recent)
        self.recent.currentTextChanged.connect(self.location.setText)
        self.recent.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        hint = QLabel("A server's password comes from ~/.pgpass or PGPASSWORD; it is never "
                      "saved here.", self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(QLabel("Recent libraries:", self))
        layout.addWidget(self.recent)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Library File", "", "Broadsheet libraries (*.sqlite3);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.location.setText(path)


def open_library(location: str, parent: QWidget | None = None) -> Library:
    """Open ``location`` (InvalidValue or LibraryUnavailable, one line, when it cannot); an
    older library's upgrade shows a dialog over ``parent`` while it runs."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        library = open_library_showing_upgrade(location, parent)
    finally:
        QGuiApplication.restoreOverrideCursor()
    library.follow()
    remember_library(str(library.location))
    return library


def open_library_window(parent: QWidget, settings: Any,
                        make_window: Callable[[Library, Any], QWidget]) -> QWidget | None:
    """Ask for a library and open it in a new window (``make_window(library, settings)``),
    which closes the library when it closes."""
    dialog = OpenLibraryDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.location.text().strip():
        return None
    try:
        library = open_library(dialog.location.text().strip(), parent)
    except (InvalidValue, LibraryUnavailable) as exc:
        warn(parent, "Open Library", f"Cannot open the library: {exc}")
        return None
    window = make_window(library, settings)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _OPEN_WINDOWS.append(window)

    def closed() -> None:
        library.close()
        if window in _OPEN_WINDOWS:
            _OPEN_WINDOWS.remove(window)

    window.destroyed.connect(closed)
    window.show()
    return window
