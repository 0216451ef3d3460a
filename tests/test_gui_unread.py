"""Next unread: ``n`` and ``Shift+N`` go from unread article to unread article of the list,
and Space at the end of an article goes on to the next one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reader import ArticleQuery, Library
from ui.article_list.unread_navigation import unread_beside, unread_query
from ui.window.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]


@pytest.fixture()
def window(open_window: OpenWindow, seeded_library: Library) -> MainWindow:
    ids = seeded_library.article_ids()
    seeded_library.set_read([ids[1], ids[2], ids[4]])  # unread: 0, 3, 5
    opened = open_window(seeded_library)
    opened.list.setFocus()
    return opened


def _shown(window: MainWindow) -> int | None:
    return window.detail.current_article_id()


def test_n_goes_to_the_next_unread_article_and_opens_it(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    qtbot.keyClick(window.list, Qt.Key.Key_N)
    assert _shown(window) == ids[3]
    assert window.list.selected_ids() == [ids[3]]
    assert seeded_library.article(ids[3]).read  # opened
    qtbot.keyClick(window.list, Qt.Key.Key_N)
    assert _shown(window) == ids[5]


def test_shift_n_goes_back_to_the_previous_unread_article(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    window.list.select_id(ids[5])
    seeded_library.set_read([ids[5]], False)
    qtbot.keyClick(window.list, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert _shown(window) == ids[3]
    qtbot.keyClick(window.list, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert _shown(window) == ids[0]


def test_the_status_bar_says_when_there_is_no_unread_article_further(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    window.list.select_id(ids[5])  # opened: read; 0 and 3 are unread above it
    qtbot.keyClick(window.list, Qt.Key.Key_N)
    assert _shown(window) == ids[5]
    assert window.statusBar().currentMessage() == (
        "No unread articles below this one; 2 above (Shift+N)")
    seeded_library.set_read(ids)
    qtbot.keyClick(window.list, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert _shown(window) == ids[5]
    assert window.statusBar().currentMessage() == "No more unread articles in this list"


def test_space_at_the_end_of_an_article_goes_on_to_the_next_unread(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    bar = window.detail_widget.view.text.verticalScrollBar()
    window.resize(900, 420)  # the first article is longer than the pane is high
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    presses = 0
    while _shown(window) == ids[0]:
        qtbot.keyClick(window.list, Qt.Key.Key_Space)
        presses += 1
        assert presses < 20
    assert presses > 1  # it paged through the article first
    assert bar.value() == 0  # and starts the next at its top
    assert _shown(window) == ids[3]
    assert seeded_library.article(ids[0]).read  # the one paged through was opened


def test_space_at_the_end_of_the_last_unread_says_so(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    window.list.select_id(ids[5])
    seeded_library.set_read(ids)
    bar = window.detail_widget.view.text.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert _shown(window) == ids[5]
    assert window.statusBar().currentMessage() == "No more unread articles in this list"


def test_n_keeps_to_the_list_shown(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    seeded_library.add_tags([ids[0], ids[5]], ["asia"])
    window.sidebar.select_filter(window.model.query.view, "asia")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=3000)
    window.list.select_id(ids[0])
    qtbot.keyClick(window.list, Qt.Key.Key_N)
    assert _shown(window) == ids[5]  # not 3, which is not tagged


def test_n_types_in_a_text_field(window: MainWindow, qtbot: QtBot) -> None:
    shown = _shown(window)
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.search, "nN")
    assert window.search.text() == "nN"
    assert _shown(window) == shown


def test_the_unread_query_keeps_the_search_and_the_view() -> None:
    assert unread_query(ArticleQuery()).search == "is:unread"
    query = ArticleQuery(tag="asia", search="-storm OR rain")
    assert unread_query(query) == ArticleQuery(tag="asia", search="(-storm OR rain) is:unread")
    assert unread_beside([5, 6, 7, 8], 1, {5, 8}, 1) == 8
    assert unread_beside([5, 6, 7, 8], 1, {5, 8}, -1) == 5
    assert unread_beside([5, 6, 7, 8], 3, {5, 8}, 1) is None
