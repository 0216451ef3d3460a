"""A strip of bars over the article list: how many of the listed articles came out each month.

Hovering a bar tells its month and count; clicking a bar (or dragging across several) asks for
those months, which the search box turns into ``after:``/``before:`` terms. The arrow keys
move across the months too (Shift widens the range) and Enter chooses.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

HEIGHT = 56
LABEL_HEIGHT = 13
MARGIN = 10
MAX_BAR_WIDTH = 18


def month_name(month: str) -> str:
    """"2024-03" as "March 2024"."""
    year, number = (int(part) for part in month.split("-"))
    return f"{date(year, number, 1):%B} {year}"


def _months_between(first: str, last: str) -> list[str]:
    year, number = (int(part) for part in first.split("-"))
    months = []
    while True:
        current = f"{year:04d}-{number:02d}"
        months.append(current)
        if current >= last:
            return months
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)


class MonthHistogram(QWidget):
    """Bars of articles per month; emits ``months_chosen(first, last)`` ("YYYY-MM")."""

    months_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthHistogram")
        self.setAccessibleName("Articles per month")
        self.setAccessibleDescription(
            "Click a month, or drag across months, to list only those; arrow keys move"
        )
        self.setFixedHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.months: list[str] = []
        self.counts: list[int] = []
        self._selection: tuple[str, str] | None = None
        self._hover: int | None = None
        self._anchor: int | None = None  # where a drag (or a Shift+arrow range) started
        self._cursor: int | None = None  # the drag's other end, or the keyboard's month
        self._dragging = False

    def sizeHint(self) -> QSize:
        return QSize(480, HEIGHT)

    # --- data ---------------------------------------------------------------------------

    def set_counts(self, counts: list[tuple[str, int]]) -> None:
        """("YYYY-MM", n) pairs in month order; months in between count zero."""
        found = dict(counts)
        self.months = _months_between(counts[0][0], counts[-1][0]) if counts else []
        self.counts = [found.get(month, 0) for month in self.months]
        self._hover = self._anchor = self._cursor = None
        total = sum(self.counts)
        self.setToolTip("" if self.months else "No dated articles")
        self.setAccessibleDescription(
            f"{total:,} dated articles from {month_name(self.months[0])} to "
            f"{month_name(self.months[-1])}; click or drag to choose months"
            if self.months else "No dated articles"
        )
        self.update()

    def set_selection(self, months: tuple[str, str] | None) -> None:
        """Shade the months the search asks for (first, last), or none."""
        if months != self._selection:
            self._selection = months
            self.update()

    def describe(self, first: int, last: int) -> str:
        """"March 2024: 123 articles" (or a range of months) for bars ``first``..``last``."""
        first, last = min(first, last), max(first, last)
        total = sum(self.counts[first : last + 1])
        plural = "" if total == 1 else "s"
        if first == last:
            return f"{month_name(self.months[first])}: {total:,} article{plural}"
        start, end = self.months[first], self.months[last]
        start_name = month_name(start).split()[0] if start[:4] == end[:4] else month_name(start)
        return f"{start_name} – {month_name(end)}: {total:,} article{plural}"

    # --- geometry -----------------------------------------------------------------------

    def _plot(self) -> QRectF:
        # A few months would otherwise stretch into slabs across the window: bars stay narrow.
        available = self.width() - 2 * MARGIN
        width = min(available, max(len(self.months), 1) * MAX_BAR_WIDTH)
        return QRectF(MARGIN, 6, width, self.height() - 6 - LABEL_HEIGHT - 2)

    def bar_at(self, x: float) -> int | None:
        plot = self._plot()
        if not self.months or not plot.left() <= x < plot.right():
            return None
        return min(int((x - plot.left()) / plot.width() * len(self.months)), len(self.months) - 1)

    def bar_center(self, index: int) -> QPoint:
        plot = self._plot()
        width = plot.width() / max(len(self.months), 1)
        return QPoint(round(plot.left() + width * (index + 0.5)), round(plot.center().y()))

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.78, 6.5))
        painter.setFont(small)
        if not self.months:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated articles")
            return
        plot = self._plot()
        accent = palette.color(QPalette.ColorRole.Highlight)
        calm = QColor(accent)
        calm.setAlphaF(0.55)
        faint = palette.color(QPalette.ColorRole.Mid)
        chosen = self._chosen_bars()
        width = plot.width() / len(self.months)
        gap = 1.0 if width >= 4 else 0.0
        peak = max(max(self.counts), 1)
        for index, count in enumerate(self.counts):
            if not count:
                continue
            height = max(plot.height() * count / peak, 1.5)
            x = plot.left() + width * index
            if index == self._hover or (chosen and chosen[0] <= index <= chosen[1]):
                color = accent
            else:
                color = faint if chosen else calm
            painter.fillRect(QRectF(x, plot.bottom() - height, width - gap, height), color)
        painter.setPen(faint)
        painter.drawLine(round(plot.left()), round(plot.bottom()),
                         round(plot.right()), round(plot.bottom()))
        self._paint_years(painter, plot, width, muted)
        if self.hasFocus() and self._cursor is not None:
            painter.setPen(accent)
            x = plot.left() + width * self._cursor
            painter.drawRect(QRectF(x - 1, plot.top() - 2, width + 1, plot.height() + 3))

    def _paint_years(self, painter: QPainter, plot: QRectF, width: float, color: QColor) -> None:
        metrics = QFontMetrics(painter.font())
        free_from = -1.0
        painter.setPen(color)
        for index, month in enumerate(self.months):
            if not (month.endswith("-01") or index == 0):
                continue
            x = plot.left() + width * index
            painter.drawLine(round(x), round(plot.bottom()), round(x), round(plot.bottom() + 3))
            label = month[:4]
            if x >= free_from and x + metrics.horizontalAdvance(label) <= self.width():
                painter.drawText(QRectF(x + 2, plot.bottom() + 2, 60, LABEL_HEIGHT),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
                free_from = x + metrics.horizontalAdvance(label) + 8

    def _chosen_bars(self) -> tuple[int, int] | None:
        """The bars to shade: a drag or keyboard range under way, else the search's months."""
        if self._anchor is not None and self._cursor is not None:
            return min(self._anchor, self._cursor), max(self._anchor, self._cursor)
        if self._selection is None or not self.months:
            return None
        first, last = self._selection
        inside = [i for i, month in enumerate(self.months) if first <= month <= last]
        return (inside[0], inside[-1]) if inside else None

    # --- mouse and keys -----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self._anchor = self._cursor = index
            self._dragging = True
            self.update()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position().x())
        if self._dragging and index is not None:
            self._cursor = index
        self._hover = index
        if index is not None:
            first = self._anchor if self._dragging and self._anchor is not None else index
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(first, index), self)
        else:
            QToolTip.hideText()
        self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            self._choose()
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if not self.months or key not in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home,
                                          Qt.Key.Key_End, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._cursor is not None:
                self._choose()
            return
        last = len(self.months) - 1
        current = self._cursor if self._cursor is not None else last
        target = {Qt.Key.Key_Left: current - 1, Qt.Key.Key_Right: current + 1,
                  Qt.Key.Key_Home: 0, Qt.Key.Key_End: last}[Qt.Key(key)]
        extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if not extend or self._anchor is None:
            self._anchor = None if not extend else current
        self._cursor = min(max(target, 0), last)
        first = self._anchor if self._anchor is not None else self._cursor
        text = self.describe(first, self._cursor)
        self.setAccessibleDescription(text)
        QToolTip.showText(self.mapToGlobal(self.bar_center(self._cursor)), text, self)
        self.update()

    def _choose(self) -> None:
        if self._cursor is None:
            return
        anchor = self._anchor if self._anchor is not None else self._cursor
        first, last = min(anchor, self._cursor), max(anchor, self._cursor)
        self._anchor = None
        self.update()
        if any(self.counts[first : last + 1]):  # months without articles would list nothing
            self.months_chosen.emit(self.months[first], self.months[last])
