"""The type an article is read in, as the settings have it: the family, its size, the line
width (characters per line) and the line spacing."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF

from reader.settings import SANS_SERIF, SERIF, Settings

# The names the system's own families go by: fontconfig knows "serif"; elsewhere Qt finds
# one from the style hint.
_GENERIC = {SERIF: ("serif", QFont.StyleHint.Serif)}


def reading_font(settings: Settings, base: QFont) -> QFont:
    """``base`` (the window's font) in the family and size the settings choose. The sans
    serif is the window's own; a family that is not installed falls back to it."""
    font = QFont(base)
    font.setPointSize(settings.reading_font_size)
    family = settings.reading_font
    if family == SANS_SERIF:
        return font
    name, hint = _GENERIC.get(family, (family, QFont.StyleHint.AnyStyle))
    font.setFamilies([name, *base.families()])
    font.setStyleHint(hint)
    return font


def column_width(settings: Settings, font: QFont) -> float:
    """How wide a line of ``settings.line_width`` characters of ``font`` is, in pixels."""
    return QFontMetricsF(font).averageCharWidth() * settings.line_width
