"""The window's commands for what the library says about its reading: *View > Statistics*,
and opening an article from the related list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from reader import Library
from ui.article_list.article_list import ArticleListView
from ui.article_pane.pane_contract import DetailPaneContract
from ui.tasks import Runner

if TYPE_CHECKING:  # loaded when first opened: the window's start does not wait for it
    from ui.dialogs.statistics_window import StatisticsWindow


class InsightCommands:
    def __init__(self, library: Library, runner: Runner, list_view: ArticleListView,
                 detail: DetailPaneContract, window: QWidget, statistics: QAction) -> None:
        self._library = library
        self._runner = runner
        self._list = list_view
        self._detail = detail
        self._window = window
        self.statistics: StatisticsWindow | None = None
        detail.open_requested.connect(self.open_article)
        statistics.triggered.connect(lambda _checked=False: self.show_statistics())

    def show_statistics(self) -> StatisticsWindow:
        """A new window each time, with the figures as they are now (one at a time)."""
        from ui.dialogs.statistics_window import StatisticsWindow

        if self.statistics is not None:
            self.statistics.close()
            self.statistics.deleteLater()
        self.statistics = StatisticsWindow(self._library, self._runner, self._window)
        self.statistics.show()
        return self.statistics

    def open_article(self, article_id: int) -> None:
        """Show a related article: selected in the list when it is there, else on its own
        (the list keeps its view, tag and search)."""
        if not self._list.select_id(article_id):
            self._detail.flush()
            self._detail.set_article(article_id)
