"""The round swatch beside a tag in the sidebar: its colour, or an outline for none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

SWATCH = 12


def swatch(color: str | None, outline: QColor) -> QIcon:
    pixmap = QPixmap(SWATCH, SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if color:
        painter.setPen(QColor(color).darker(130))
        painter.setBrush(QColor(color))
    else:
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(1, 1, SWATCH - 2, SWATCH - 2)
    painter.end()
    return QIcon(pixmap)
