"""Icons and the style sheet, read from the ``resources`` package as Qt objects."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from resources import STYLE_SHEET, icon_file, resource

ICON_SIZES = (16, 20, 24, 32, 48, 64)
# Icons asked for that this installation lacks: the window still opens (with blank buttons),
# and the installed-wheel check reads this to fail.
_missing: set[str] = set()


def missing_icons() -> frozenset[str]:
    """The names of the icons asked for so far that could not be read or drawn."""
    return frozenset(_missing)


@cache
def _icon(name: str, color: str) -> QIcon:
    try:
        source = icon_file(name).read_text(encoding="utf-8")
    except OSError:
        _missing.add(name)
        return QIcon()
    # Line icons draw in "currentColor": paint them in the palette's text colour, so they
    # read on light and dark themes alike.
    renderer = QSvgRenderer(QByteArray(source.replace("currentColor", color).encode()))
    if not renderer.isValid():
        _missing.add(name)
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
        return resource(STYLE_SHEET).read_text(encoding="utf-8")
    except OSError:
        return ""
