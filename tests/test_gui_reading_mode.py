"""Reading mode: F11 (or the button over the article) shows the article alone; the keys of
the list and the article still work; Esc returns."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar
from pytestqt.qtbot import QtBot

from reader import Library
from ui.window.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]


@pytest.fixture()
def window(open_window: OpenWindow, seeded_library: Library) -> MainWindow:
    opened = open_window(seeded_library)
    opened.list.setFocus()
    return opened


def _aside(window: MainWindow) -> list[bool]:
    """Whether the toolbar, the sidebar, the list and the side column are shown."""
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    return [toolbar.isVisible(), window.sidebar.isVisible(), window.list.isVisible(),
            window.detail_widget.side.isVisible()]


def test_f11_shows_the_article_alone_and_esc_returns(
    window: MainWindow, qtbot: QtBot
) -> None:
    sizes = (window.splitter.sizes(), window.inner_splitter.sizes())
    shown = window.detail.current_article_id()
    text = window.detail_widget.view.text
    qtbot.keyClick(window.list, Qt.Key.Key_F11)
    assert _aside(window) == [False, False, False, False]
    assert text.isVisible() and text.hasFocus()  # arrows and Page Down scroll it
    qtbot.waitUntil(lambda: text.width() > 1000, timeout=2000)  # the whole width, centred
    assert window.detail_widget.bar.reading_button.isChecked()
    assert window.detail.current_article_id() == shown
    qtbot.keyClick(text, Qt.Key.Key_Escape)
    assert _aside(window) == [True, True, True, True]
    assert window.list.hasFocus()
    assert (window.splitter.sizes(), window.inner_splitter.sizes()) == sizes


def test_the_button_over_the_article_enters_and_leaves_reading_mode(
    window: MainWindow, qtbot: QtBot
) -> None:
    button = window.detail_widget.bar.reading_button
    assert button.isVisible() and "F11" in button.toolTip()
    button.click()
    assert _aside(window) == [False, False, False, False]
    assert button.isVisible()  # there to leave by, too
    button.click()
    assert _aside(window) == [True, True, True, True]


def test_the_keys_still_work_in_reading_mode(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    seeded_library.set_read([ids[1]])
    qtbot.keyClick(window.list, Qt.Key.Key_F11)
    text = window.detail_widget.view.text
    qtbot.keyClick(text, Qt.Key.Key_J)
    assert window.detail.current_article_id() == ids[1]
    qtbot.keyClick(text, Qt.Key.Key_K)
    assert window.detail.current_article_id() == ids[0]
    qtbot.keyClick(text, Qt.Key.Key_N)  # the next unread: 1 is read
    assert window.detail.current_article_id() == ids[2]
    qtbot.keyClick(text, Qt.Key.Key_S)
    assert seeded_library.article(ids[2]).starred
    window.detail_widget.view.select_range(0, 8)
    qtbot.keyClick(text, Qt.Key.Key_H)
    assert len(seeded_library.article(ids[2]).highlights) == 1
    assert _aside(window) == [False, False, False, False]  # all the while, alone

    qtbot.keyClick(text, Qt.Key.Key_E)  # the note comes beside the article to be typed in
    note = window.detail_widget.note
    assert note.hasFocus() and window.detail_widget.side.isVisible()
    qtbot.keyClicks(note, "seen")
    qtbot.keyClick(note, Qt.Key.Key_Escape)  # back to the article, still in reading mode
    assert text.hasFocus()
    assert _aside(window) == [False, False, False, False]
    assert seeded_library.note(ids[2]).text == "seen"
    qtbot.keyClick(text, Qt.Key.Key_Escape)
    assert _aside(window) == [True, True, True, True]
    assert window.list.selected_ids() == [ids[2]]


def test_the_search_key_leaves_reading_mode_for_the_search_box(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.keyClick(window.list, Qt.Key.Key_F11)
    qtbot.keyClick(window.detail_widget.view.text, Qt.Key.Key_Slash)
    assert window.search.isVisible() and window.search.hasFocus()
    assert not window.reading.active


def test_closing_in_reading_mode_keeps_the_panes_for_next_time(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window = open_window(seeded_library)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_F11)
    window.close()
    again = open_window(seeded_library)
    assert not again.reading.active
    assert _aside(again) == [True, True, True, True]
    assert QApplication.focusWidget() is again.list
