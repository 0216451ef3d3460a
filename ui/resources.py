"""Icons and the style sheet, loaded by path from the ``resources/`` folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICONS = RESOURCES / "icons"
ICON_SIZES = (16, 20, 24, 32, 48, 64)


def icon_path(name: str) -> Path:
    return ICONS / f"{name}.svg"


@cache
def _icon(name: str, color: str) -> QIcon:
    path = icon_path(name)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return QIcon()
    # Line icons draw in "currentColor": paint them in the palette's text colour, so they
    # read on light and dark themes alike.
    renderer = QSvgRenderer(QByteArray(source.replace("currentColor", color).encode()))
    if not renderer.isValid():
        return QIcon()
    result = QIcon()
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    for size in ICON_SIZES:
        pixels = round(size * ratio)
        pixmap = QPixmap(pixels, pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        result.addPixmap(pixmap)
    return result


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty QIcon if there is none."""
    color = "#444444"
    if QGuiApplication.instance() is not None:
        color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return _icon(name, color)


def stylesheet() -> str:
    try:
        return (RESOURCES / "style.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
