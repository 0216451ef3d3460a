"""The reading type in Preferences: font, size, line width and line spacing, followed by the
article pane and reading mode."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from msgspec.structs import replace
from PySide6.QtGui import QFontDatabase, QFontInfo, QTextDocument
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from reader import Library
from reader.settings import SANS_SERIF, SERIF, Settings, load_settings
from ui.article_pane.reading_type import column_width, reading_font
from ui.window.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]


def _document(window: MainWindow) -> QTextDocument:
    return window.detail_widget.view.text.document()


def _text_width(window: MainWindow) -> float:
    """How wide the article's column is: the viewport less the margins either side."""
    frame = _document(window).rootFrame().frameFormat()
    viewport = window.detail_widget.view.text.viewport().width()
    return viewport - frame.leftMargin() - frame.rightMargin()


def _body_line_height(window: MainWindow) -> float:
    document = _document(window)
    block = document.lastBlock()  # a paragraph of the body
    return block.blockFormat().lineHeight()


def test_the_type_chosen_in_preferences_is_saved_and_the_article_follows_it(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window = open_window(seeded_library)
    window.resize(1400, 800)
    qtbot.wait(50)
    sans = QFontInfo(_document(window).defaultFont()).family()
    dialog = window.edit_preferences()
    fields = dialog.type
    fields.font.setCurrentIndex(fields.font.findData(SERIF))
    fields.line_width.setValue(50)
    fields.line_spacing.setValue(180)
    dialog.font_size.setValue(14)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    saved = load_settings()
    assert (saved.reading_font, saved.line_width, saved.line_spacing,
            saved.reading_font_size) == (SERIF, 50, 180, 14)
    font = _document(window).defaultFont()
    assert font.pointSize() == 14
    assert QFontInfo(font).family() != sans  # the system's serif, not the window's font
    assert _body_line_height(window) == 180
    assert _text_width(window) == pytest.approx(column_width(saved, font), abs=1)


def test_reading_mode_sets_the_article_in_the_same_type(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window = open_window(seeded_library)
    chosen = replace(window.settings, line_width=60, line_spacing=120)
    window.preferences.apply(chosen)
    window.actions_["reading_mode"].trigger()
    qtbot.waitUntil(lambda: window.detail_widget.view.text.width() > 1000, timeout=2000)
    font = _document(window).defaultFont()
    assert _text_width(window) == pytest.approx(column_width(chosen, font), abs=1)
    assert _body_line_height(window) == 120


def test_any_installed_family_can_be_chosen_and_one_missing_is_kept(
    open_window: OpenWindow, library: Library
) -> None:
    window = open_window(library)
    family = next(f for f in QFontDatabase.families() if "Mono" in f)
    assert QFontInfo(reading_font(Settings(reading_font=family), window.font())).family() == (
        family)
    sans = reading_font(Settings(reading_font=SANS_SERIF), window.font())
    assert sans.family() == window.font().family()  # the window's own

    window.settings.reading_font = "A Family Nobody Has"
    dialog = window.edit_preferences()
    assert dialog.type.font.currentText() == "A Family Nobody Has (not installed)"
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert load_settings().reading_font == "A Family Nobody Has"
    dialog = window.edit_preferences()
    dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.type.font.currentData() == SANS_SERIF
    assert dialog.type.line_width.value() == Settings().line_width
