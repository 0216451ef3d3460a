"""*View > Statistics*: reading statistics in charts. The window opens at once and the figures
are read off the GUI thread; a chart's menu (or the button under the charts) saves it as PNG.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reader import BroadsheetError, Library
from reader.stats.figures import ReadingStats
from reader.stats.periods import Series
from ui.dialogs.stat_charts import BarChart, Chart, ShareChart
from ui.tasks import Runner


def _week(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def _month(day: date) -> str:
    return day.strftime("%b %y")  # two years of months: each says its year


def _values(series: Series) -> list[int]:
    return [count for _, count in series]


def summary_text(stats: ReadingStats) -> str:
    share = f" ({stats.read * 100 // stats.articles}%)" if stats.articles else ""
    days = "day" if stats.streak == 1 else "days"
    text = (f"{stats.articles:,} articles, {stats.read:,} read{share}. Reading streak: "
            f"{stats.streak} {days} (longest {stats.longest_streak}).")
    if stats.estimated_until:
        text += (f" Reading up to {stats.estimated_until:%d %B %Y} is estimated from read "
                 "marks, counted when the articles were added.")
    return text


class StatisticsWindow(QDialog):
    """Charts of the library's reading statistics."""

    loaded = Signal()  # the figures arrived and the charts show them

    def __init__(self, library: Library, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Statistics")
        self.setModal(False)
        self.resize(960, 760)
        self._library = library
        self.summary = QLabel("Reading the library…", self)
        self.summary.setWordWrap(True)
        font = QFont(self.summary.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.summary.setFont(font)
        self.added = BarChart("Articles added and read per week")
        self.monthly = BarChart("Articles added and read per month")
        self.by_tag = ShareChart("Read by tag")
        self.by_source = ShareChart("Read by source")
        self.annotations = BarChart("Notes and highlights per month")
        self.backlog = BarChart("Unread articles by age")
        self.charts: list[Chart] = [self.added, self.monthly, self.by_tag, self.by_source,
                                    self.annotations, self.backlog]
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, chart in enumerate(self.charts):
            grid.addWidget(chart, index // 2, index % 2)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.summary)
        column.addLayout(grid, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        save_all = QPushButton("Save Charts as PNG…", self)
        save_all.clicked.connect(self.choose_folder_and_save)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Right-click a chart to save it alone.", self))
        buttons.addStretch(1)
        buttons.addWidget(save_all)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        runner.run(lambda _context: library.reading.stats(), self._arrived)

    def _arrived(self, stats: ReadingStats | None, error: BaseException | None) -> None:
        if error is not None or stats is None:
            reason = str(error) if isinstance(error, BroadsheetError) else repr(error)
            self.summary.setText(f"The statistics could not be read: {reason}")
            return
        self.show_stats(stats)

    def show_stats(self, stats: ReadingStats) -> None:
        self.summary.setText(summary_text(stats))
        self.added.set_data([_week(d) for d, _ in stats.added_weekly],
                            [("added", _values(stats.added_weekly)),
                             ("read", _values(stats.read_weekly))])
        self.monthly.set_data([_month(d) for d, _ in stats.added_monthly],
                              [("added", _values(stats.added_monthly)),
                               ("read", _values(stats.read_monthly))])
        self.by_tag.set_shares(stats.by_tag)
        self.by_source.set_shares(stats.by_source)
        self.annotations.set_data([_month(d) for d, _ in stats.notes_monthly],
                                  [("notes", _values(stats.notes_monthly)),
                                   ("highlights", _values(stats.highlights_monthly))])
        self.backlog.set_data([label for label, _ in stats.backlog],
                              [("unread", [count for _, count in stats.backlog])])
        self.loaded.emit()

    def save_all(self, folder: str) -> list[str]:
        """Every chart as ``<title>.png`` in ``folder``; returns the files written."""
        written = []
        for chart in self.charts:
            path = f"{folder}/{chart.title.lower().replace(' ', '-')}.png"
            if chart.save_png(path):
                written.append(path)
        return written

    def choose_folder_and_save(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save Charts in Folder")
        if folder:
            written = self.save_all(folder)
            self.summary.setToolTip(f"Saved {len(written)} charts in {folder}")
