"""The slim bar over the article: the search's matches, text size, reading mode and "Edit
details…"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QToolButton, QWidget

from ui.article_pane.search_matches import MatchBar
from ui.resources import icon

Slot = Callable[[], object]


class ArticleBar(QWidget):
    """Buttons over the article; the pane connects them. ``reading_button`` is given the
    window's reading-mode command (``setDefaultAction``) where there is a window."""

    def __init__(self, previous_match: Slot, next_match: Slot, zoom_out: Slot, zoom_in: Slot,
                 edit_details: Slot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Article tools")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 0)
        layout.setSpacing(2)
        self.match_bar = MatchBar(previous_match, next_match, self)
        layout.addWidget(self.match_bar)
        layout.addStretch(1)
        self.zoom_buttons: list[QToolButton] = []
        for label, name, slot in (("A−", "Smaller text", zoom_out),
                                  ("A+", "Larger text", zoom_in)):
            button = QToolButton(self)
            button.setText(label)
            button.setAutoRaise(True)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.zoom_buttons.append(button)
        self.reading_button = QToolButton(self)
        self.reading_button.setText("Reading Mode")
        self.reading_button.setIcon(icon("read"))
        self.reading_button.setAutoRaise(True)
        self.reading_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.reading_button.setAccessibleName("Reading mode")
        layout.addWidget(self.reading_button)
        self.edit_button = QPushButton("Edit details…", self)
        self.edit_button.setFlat(True)
        self.edit_button.setAccessibleName("Edit title, date and source")
        self.edit_button.clicked.connect(edit_details)
        layout.addWidget(self.edit_button)

    def tab_order(self) -> list[QWidget]:
        return [*self.match_bar.buttons, *self.zoom_buttons, self.reading_button,
                self.edit_button]
