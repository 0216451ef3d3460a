"""Contrast in light and dark palettes: tag chips, highlight colours, the month strip and the
secondary text stay readable, with a dark palette made the usual way by hand (the main roles
set, the others left at Qt's light defaults)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader import Library
from reader.settings import DEFAULT_HIGHLIGHT_COLORS
from ui.contrast import READABLE, contrast, over
from ui.palette import completed
from ui.resources import stylesheet
from ui.window.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]
Role = QPalette.ColorRole


def dark_palette() -> QPalette:
    """The dark Fusion palette found in most how-tos: no light, midlight, mid, dark, shadow
    or placeholder colour of its own."""
    palette = QPalette()
    for role, rgb in ((Role.Window, (45, 45, 48)), (Role.WindowText, (220, 220, 220)),
                      (Role.Base, (30, 30, 32)), (Role.AlternateBase, (40, 40, 43)),
                      (Role.Text, (220, 220, 220)), (Role.Button, (53, 53, 56)),
                      (Role.ButtonText, (220, 220, 220)), (Role.Highlight, (42, 130, 218)),
                      (Role.HighlightedText, (255, 255, 255))):
        palette.setColor(role, QColor(*rgb))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    before = QApplication.palette()
    style = QApplication.style().name()
    QApplication.setStyle("Fusion")
    qapp.setStyleSheet(stylesheet())  # as the app is styled: the chips' look is there
    fusion = QApplication.style().standardPalette()
    QApplication.setPalette(dark_palette() if request.param == "dark" else fusion)
    yield request.param
    qapp.setStyleSheet("")
    QApplication.setStyle(style)
    QApplication.setPalette(before)


@pytest.fixture()
def window(palette: str, open_window: OpenWindow, seeded_library: Library) -> MainWindow:
    first = seeded_library.article_ids()[0]
    seeded_library.add_tags([first], ["asia", "economy", "plain"])
    seeded_library.set_tag_color("asia", "#f9e27d")
    seeded_library.set_tag_color("economy", "#3b5bdb")
    for index, color in enumerate(DEFAULT_HIGHLIGHT_COLORS):
        seeded_library.add_highlight(first, index * 10, index * 10 + 8, color.key)
    opened = open_window(seeded_library)
    assert opened.detail.current_article_id() == first
    return opened


def test_a_hand_made_dark_palette_is_completed_and_a_whole_one_left_alone(
    qapp: QApplication,
) -> None:
    fixed = completed(dark_palette())
    assert fixed is not None
    window = fixed.color(Role.Window)
    assert fixed.color(Role.Midlight).lightness() < 100  # not Qt's light grey
    assert contrast(over(fixed.color(Role.Base), fixed.color(Role.PlaceholderText)),
                    fixed.color(Role.Base)) >= 3
    assert fixed.color(Role.Window) == window and fixed.color(Role.Text) == QColor(220, 220, 220)
    assert completed(fixed) is None
    assert completed(QApplication.style().standardPalette()) is None


def test_a_disabled_button_looks_disabled_in_both_palettes(window: MainWindow) -> None:
    remove = window.detail_widget.highlights.remove_button
    assert not remove.isEnabled()  # no highlight chosen yet
    palette = remove.palette()
    ground = palette.color(QPalette.ColorGroup.Disabled, Role.Button)
    greyed = palette.color(QPalette.ColorGroup.Disabled, Role.ButtonText)
    enabled = palette.color(QPalette.ColorGroup.Active, Role.ButtonText)
    assert contrast(greyed, ground) < contrast(enabled, ground) / 1.5
    assert contrast(greyed, ground) >= 1.5  # dimmed, still there


def test_tag_chips_beside_the_article_read_in_both_palettes(
    window: MainWindow, qtbot: QtBot
) -> None:
    tags = window.detail_widget.tags
    qtbot.waitUntil(lambda: len(tags.chips()) == 3, timeout=2000)
    for chip in tags.chips():
        image = chip.grab().toImage()
        ratio = chip.devicePixelRatioF()
        fill = image.pixelColor(QPoint(round(4 * ratio), image.height() // 2))  # left padding
        ink = chip.palette().color(Role.WindowText)  # the name's colour
        assert contrast(fill, ink) >= READABLE, chip.name


def test_highlight_colours_keep_the_text_readable(window: MainWindow) -> None:
    view = window.detail_widget.view
    base = view.palette().color(Role.Base)
    selections = view.text.extraSelections()
    assert len(selections) == len(DEFAULT_HIGHLIGHT_COLORS)
    for selection in selections:
        fill = over(base, selection.format.background().color())  # type: ignore[attr-defined]
        ink = selection.format.foreground().color()  # type: ignore[attr-defined]
        assert contrast(fill, ink) >= READABLE
        tinge = max(abs(a - b) for a, b in zip(fill.getRgb()[:3], base.getRgb()[:3],
                                                strict=True))
        assert tinge >= 40  # and still a colour on the page


def test_the_month_strip_and_secondary_text_stand_off_the_page(window: MainWindow) -> None:
    for widget in (window.histogram, window.detail_widget.view):
        palette = widget.palette()
        base = palette.color(Role.Base)
        assert contrast(over(base, palette.color(Role.PlaceholderText)), base) >= 3
        assert contrast(over(base, palette.color(Role.Highlight)), base) >= 3


def test_a_theme_switched_while_the_window_is_open_is_completed_too(
    palette: str, open_window: OpenWindow, library: Library, qtbot: QtBot
) -> None:
    window = open_window(library)
    QApplication.setPalette(dark_palette())
    qtbot.waitUntil(lambda: QApplication.palette().color(Role.Midlight).lightness() < 100,
                    timeout=2000)
    placeholder = window.histogram.palette().color(Role.PlaceholderText)
    base = window.histogram.palette().color(Role.Base)
    assert contrast(over(base, placeholder), base) >= 3
