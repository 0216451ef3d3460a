"""The charts of the statistics window, drawn with QPainter in the palette's colours, so they
read in light and dark themes alike and follow a change of theme while shown.

- :class:`BarChart`: counts per period, one or two series side by side, with a legend.
- :class:`ShareChart`: a bar per tag (or source), its read part filled in, "read of total".

Each can be saved as a PNG (:meth:`Chart.save_png`, or its "Save as PNG…" menu).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtGui import QPalette as P
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from reader.stats.figures import Share

MARGIN = 10


def series_colors(palette: P) -> list[QColor]:
    """The accent, and the hue across the colour wheel from it: the palette's link colour is
    another blue in most themes, too close to tell apart in a legend."""
    accent = palette.color(P.ColorRole.Highlight)
    dark = palette.color(P.ColorRole.Base).lightnessF() < 0.5
    hue = accent.hslHueF() if accent.hslHueF() >= 0 else 0.58  # a grey accent: blue's
    second = QColor.fromHslF((hue + 0.45) % 1.0, 0.6, 0.6 if dark else 0.5)
    return [accent, second]


class Chart(QWidget):
    """A titled chart with a "Save as PNG…" menu."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setAccessibleName(title)
        self.setMinimumSize(300, 190)
        self.setBackgroundRole(P.ColorRole.Base)
        self.setAutoFillBackground(True)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def save_png(self, path: str | Path) -> bool:
        """Write the chart as drawn now to ``path``; False when it cannot be written."""
        return self.grab().save(str(path), "PNG")

    def choose_and_save(self) -> None:
        name = self.title.lower().replace(" ", "-")
        path, _ = QFileDialog.getSaveFileName(self, "Save Chart", f"{name}.png", "PNG (*.png)")
        if path and not self.save_png(path if path.endswith(".png") else f"{path}.png"):
            self.setToolTip(f"Could not save {path}")

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction("Save as PNG…").triggered.connect(self.choose_and_save)
        menu.exec(event.globalPos())

    def _small(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.82, 7.0))
        return font

    def _paint_title(self, painter: QPainter) -> float:
        """The title at the top; returns where the chart below it begins."""
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(self.palette().color(P.ColorRole.Text))
        height = QFontMetrics(font).height()
        painter.drawText(QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        return MARGIN + height + 6


class BarChart(Chart):
    """Counts per period: ``labels`` under the bars, one value per label in each series."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.labels: list[str] = []
        self.series: list[tuple[str, list[int]]] = []

    def set_data(self, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
                 ) -> None:
        self.labels = list(labels)
        self.series = [(name, list(values)) for name, values in series]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        top = self._paint_title(painter)
        small = self._small()
        painter.setFont(small)
        metrics = QFontMetrics(small)
        muted = palette.color(P.ColorRole.PlaceholderText)
        peak = max((max(values, default=0) for _, values in self.series), default=0)
        if not self.labels or peak == 0:
            painter.setPen(muted)
            painter.drawText(QRectF(0, top, self.width(), self.height() - top),
                             Qt.AlignmentFlag.AlignCenter, "Nothing yet")
            return
        legend = metrics.height() + 4 if len(self.series) > 1 else 0
        axis = metrics.horizontalAdvance(f"{peak:,}") + 6
        plot = QRectF(MARGIN + axis, top + legend + 4, self.width() - 2 * MARGIN - axis,
                      self.height() - top - legend - 2 * metrics.height() - MARGIN)
        colors = series_colors(palette)
        painter.setPen(muted)
        painter.drawText(QRectF(MARGIN, plot.top() - metrics.height() / 2, axis - 6,
                                metrics.height()), Qt.AlignmentFlag.AlignRight, f"{peak:,}")
        painter.drawText(QRectF(MARGIN, plot.bottom() - metrics.height(), axis - 6,
                                metrics.height()), Qt.AlignmentFlag.AlignRight, "0")
        slot = plot.width() / len(self.labels)
        width = max(slot * 0.8 / len(self.series), 1.0)
        for number, (_name, values) in enumerate(self.series):
            for index, value in enumerate(values):
                if value:
                    height = max(plot.height() * value / peak, 1.5)
                    x = plot.left() + slot * index + slot * 0.1 + width * number
                    painter.fillRect(QRectF(x, plot.bottom() - height, width, height),
                                     colors[number % len(colors)])
        painter.setPen(palette.color(P.ColorRole.Mid))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self._paint_labels(painter, plot, slot, metrics, muted)
        if legend:
            self._paint_legend(painter, top, metrics, colors)

    def _paint_labels(self, painter: QPainter, plot: QRectF, slot: float,
                      metrics: QFontMetrics, color: QColor) -> None:
        """As many labels under the bars as fit without touching, the last one always."""
        painter.setPen(color)
        free_from = -1.0
        last = len(self.labels) - 1
        widest = max(metrics.horizontalAdvance(label) for label in self.labels) + 8
        step = max(1, int(widest // max(slot, 1.0)) + 1)
        for index, label in enumerate(self.labels):
            if (last - index) % step:
                continue
            center = plot.left() + slot * (index + 0.5)
            text_width = metrics.horizontalAdvance(label)
            left = min(max(center - text_width / 2, plot.left()), plot.right() - text_width)
            if left < free_from:
                continue
            painter.drawText(QPointF(left, plot.bottom() + metrics.ascent() + 3), label)
            free_from = left + text_width + 8

    def _paint_legend(self, painter: QPainter, top: float, metrics: QFontMetrics,
                      colors: list[QColor]) -> None:
        x = float(MARGIN)
        for number, (name, _values) in enumerate(self.series):
            painter.fillRect(QRectF(x, top + 3, 10, 10), colors[number % len(colors)])
            painter.setPen(self.palette().color(P.ColorRole.Text))
            painter.drawText(QPointF(x + 14, top + metrics.ascent()), name)
            x += 14 + metrics.horizontalAdvance(name) + 16


class ShareChart(Chart):
    """One bar per name: its articles, the read ones filled in the accent colour."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.shares: list[Share] = []

    def set_shares(self, shares: Sequence[Share]) -> None:
        self.shares = list(shares)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        top = self._paint_title(painter)
        small = self._small()
        painter.setFont(small)
        metrics = QFontMetrics(small)
        muted = palette.color(P.ColorRole.PlaceholderText)
        if not self.shares:
            painter.setPen(muted)
            painter.drawText(QRectF(0, top, self.width(), self.height() - top),
                             Qt.AlignmentFlag.AlignCenter, "Nothing yet")
            return
        rows = self.shares[: max(1, int((self.height() - top - MARGIN) // (metrics.height() + 4)))]
        name_width = min(max(metrics.horizontalAdvance(s.name) for s in rows) + 14,
                         self.width() * 0.35)
        counts = [f"{s.read:,} of {s.total:,}" for s in rows]
        count_width = max(metrics.horizontalAdvance(c) for c in counts) + 8
        bar_left = MARGIN + name_width
        bar_width = max(self.width() - bar_left - count_width - MARGIN, 10)
        peak = max(s.total for s in rows) or 1
        accent = series_colors(palette)[0]
        track = palette.color(P.ColorRole.Midlight)
        for index, (share, count) in enumerate(zip(rows, counts, strict=True)):
            y = top + index * (metrics.height() + 4)
            painter.setPen(palette.color(P.ColorRole.Text))
            name = metrics.elidedText(share.name, Qt.TextElideMode.ElideRight,
                                      int(name_width - 6))
            painter.drawText(QPointF(MARGIN, y + metrics.ascent()), name)
            whole = bar_width * share.total / peak
            painter.fillRect(QRectF(bar_left, y + 2, whole, metrics.height() - 4), track)
            painter.fillRect(QRectF(bar_left, y + 2, bar_width * share.read / peak,
                                    metrics.height() - 4), accent)
            painter.setPen(muted)
            painter.drawText(QPointF(bar_left + whole + 6, y + metrics.ascent()), count)
