"""What the list area shows when the library has no articles."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.resources import icon


class EmptyLibraryPanel(QWidget):
    """"Your library is empty", an Import button, and a hint that dropping files or links and
    pasting a link work."""

    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAccessibleName("Empty library")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        picture = QLabel(self)
        picture.setPixmap(icon("broadsheet").pixmap(72, 72))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setAccessibleName("Broadsheet")
        self.title = QLabel("Your library is empty", self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.button = QPushButton(icon("import"), "Import Files…", self)
        self.button.setAccessibleName("Import files")
        self.button.setToolTip(
            "Choose article files (text, Markdown, saved web pages) or a read-later export")
        self.button.clicked.connect(self.import_requested)
        paste = QKeySequence(QKeySequence.StandardKey.Paste).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.hint = QLabel(f"or drop article files, folders or web links here,\n"
                           f"or paste a link with {paste}", self)
        self.hint.setObjectName("emptyHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(picture)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(4)
        layout.addWidget(self.hint)
        layout.addStretch(3)
