"""How the main window's panes sit: the sidebar beside the articles, and the list (under its
month strip) above the article or beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget


def _splitter(name: str, first: QWidget, second: QWidget, orientation: Qt.Orientation,
              parent: QWidget) -> QSplitter:
    splitter = QSplitter(orientation, parent)
    splitter.setAccessibleName(name)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(first)
    splitter.addWidget(second)
    return splitter


class PaneLayout:
    """``splitter`` (the sidebar | the rest) holds ``inner_splitter`` (the list column | the
    article); the window puts ``splitter`` in its centre."""

    def __init__(self, sidebar: QWidget, histogram: QWidget, list_area: QWidget,
                 article: QWidget, window: QWidget) -> None:
        self.list_column = QWidget(window)
        self.list_column.setAccessibleName("Articles per month and article list")
        column_layout = QVBoxLayout(self.list_column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(0)
        column_layout.addWidget(histogram)
        column_layout.addWidget(list_area, 1)
        # The article goes below the list by default: the detail pane has its own side column
        # (tags, note, highlights), and beside the list it would squeeze the titles.
        self.inner_splitter = _splitter("Article list and article", self.list_column, article,
                                        Qt.Orientation.Vertical, window)
        self.splitter = _splitter("Sidebar and articles", sidebar, self.inner_splitter,
                                  Qt.Orientation.Horizontal, window)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 1000])
        self.inner_splitter.setSizes([300, 460])

    @property
    def splitters(self) -> list[QSplitter]:
        """Both splitters, outer first: the order the window's saved state keeps them in."""
        return [self.splitter, self.inner_splitter]

    def article_below(self) -> bool:
        return self.inner_splitter.orientation() == Qt.Orientation.Vertical

    def set_article_below(self, below: bool) -> None:
        """The article below the list or beside it, the list given two fifths of the room."""
        self.inner_splitter.setOrientation(
            Qt.Orientation.Vertical if below else Qt.Orientation.Horizontal
        )
        total = sum(self.inner_splitter.sizes())
        self.inner_splitter.setSizes([total * 2 // 5, total - total * 2 // 5])
