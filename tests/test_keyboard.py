"""Keyboard and focus in the main window: Tab order, Esc back to the list, keys that belong to
the focused control (tag completion, the highlights list)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reader import Library
from ui.window.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]


@pytest.fixture()
def window(open_window: OpenWindow, seeded_library: Library) -> MainWindow:
    return open_window(seeded_library)


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _tab(qtbot: QtBot, backwards: bool = False) -> QWidget:
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(_focus(), key, modifier)
    return _focus()


def _chips_shown(window: MainWindow, count: int) -> bool:
    chips = window.detail_widget.tags.chips()
    return len(chips) == count and all(chip.remove_button.isVisible() for chip in chips)


def _search(window: MainWindow, qtbot: QtBot, text: str) -> None:
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, text)


# --- Tab order -------------------------------------------------------------------------------


def test_the_article_list_has_the_focus_when_the_window_opens(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.list.hasFocus()  # the single keys work at once
    shown = window.list.current_article_id()
    qtbot.keyClick(_focus(), Qt.Key.Key_J)
    assert window.list.current_article_id() != shown


def test_an_empty_library_starts_on_import_and_the_first_articles_open_none(
    open_window: OpenWindow, library: Library, sample_files: list[Path], qtbot: QtBot
) -> None:
    window = open_window(library)
    assert window.empty.button.hasFocus()
    library.import_paths(sample_files)
    qtbot.waitUntil(lambda: window.list_stack.currentWidget() is window.list, timeout=3000)
    qtbot.wait(50)
    assert not window.list.hasFocus()  # focus there would open (and mark read) an article
    assert window.sidebar.hasFocus()
    assert window.list.current_article_id() is None
    assert all(not summary.read for summary in library.summaries(library.article_ids()))


def test_tab_leaves_the_article_list_without_changing_the_article(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.list.setFocus()
    shown = window.list.current_article_id()
    assert _tab(qtbot) is not window.list  # not the next cell, nor the next row
    assert window.list.current_article_id() == shown


def test_tab_goes_through_the_window_in_reading_order(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    article = window.list.current_article_id()
    assert article is not None
    seeded_library.add_tags([article], ["asia", "budget"])
    detail = window.detail_widget
    qtbot.waitUntil(lambda: _chips_shown(window, 2), timeout=2000)
    window.focus_search()
    visited: list[QWidget] = [_focus()]
    for _ in range(30):
        widget = _tab(qtbot)
        if widget is window.search:
            break
        visited.append(widget)
    else:
        pytest.fail("Tab never came back round to the search box")
    chips = [chip.remove_button for chip in detail.tags.chips()]
    expected = [window.search, window.sidebar, window.histogram, window.list,
                detail.view.text, *chips, detail.tags.edit, detail.note]
    positions = [visited.index(widget) for widget in expected]
    assert positions == sorted(positions)
    assert len(set(map(id, visited))) == len(visited)  # no control twice: no loop
    assert _tab(qtbot, backwards=True) is visited[-1]


def test_tab_from_the_note_does_not_jump_back_to_the_tag_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_E)
    detail = window.detail_widget
    assert detail.note.hasFocus()
    # Related articles are found in the background: once they are shown, their list is the
    # next stop; before, the search field is. Wait for the window to settle either way.
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    following = _tab(qtbot)
    assert following is not detail.tags.edit
    shown = detail.related.view.isVisible()
    # (this article has no highlights)
    assert following is (detail.related.view if shown else window.search)


def test_new_tag_chips_are_tabbed_to_just_before_the_tag_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_T)
    qtbot.keyClicks(_focus(), "harbour")
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    tags = window.detail_widget.tags
    qtbot.waitUntil(lambda: _chips_shown(window, 1), timeout=2000)
    assert tags.edit.hasFocus()
    assert _tab(qtbot, backwards=True) is tags.chips()[0].remove_button
    assert _tab(qtbot, backwards=True) is window.detail_widget.view.text


# --- Esc back to the list --------------------------------------------------------------------


def test_escape_from_a_search_selects_the_article_it_shows(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.list.setFocus()
    _search(window, qtbot, "harvest")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    assert window.list.current_article_id() is None  # the article shown was not found
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.list.hasFocus()
    found = window.list.current_article_id()
    assert found is not None
    assert window.list.selected_ids() == [found]
    assert window.detail_widget.current_article_id() == found
    qtbot.keyClick(window.list, Qt.Key.Key_S)  # and the single keys act on it
    assert window.library.article(found).starred


def test_escape_before_the_search_has_run_still_selects_its_first_result(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.list.setFocus()
    _search(window, qtbot, "pandas")
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # within the pause before searching
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    found = window.list.current_article_id()
    assert found is not None
    assert window.list.selected_ids() == [found]
    assert "pandas" in window.library.article(found).title


def test_escape_after_clearing_the_search_selects_the_article_shown(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.list.setFocus()
    _search(window, qtbot, "nothing-matches-this")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=3000)
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=3000)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    shown = window.list.current_article_id()
    assert shown is not None
    assert window.list.selected_ids() == [shown]


def test_escape_in_the_other_panes_returns_to_the_list(
    window: MainWindow, qtbot: QtBot
) -> None:
    detail = window.detail_widget
    for pane in (detail.view.text, window.sidebar, window.histogram, detail.edit_button):
        pane.setFocus()
        assert pane.hasFocus()
        qtbot.keyClick(pane, Qt.Key.Key_Escape)
        assert window.list.hasFocus(), pane.accessibleName()


# --- keys that belong to the focused control --------------------------------------------------


def test_choosing_a_tag_suggestion_leaves_the_field_empty(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window.list.setFocus()
    article = window.list.current_article_id()
    assert article is not None
    other = next(i for i in seeded_library.article_ids() if i != article)
    seeded_library.add_tags([other], ["economy"])
    tags = window.detail_widget.tags
    # The field has had focus before (the line edit connects to its completer on focus in).
    qtbot.keyClick(window.list, Qt.Key.Key_T)
    qtbot.keyClick(tags.edit, Qt.Key.Key_Escape)
    qtbot.keyClick(window.list, Qt.Key.Key_T)
    qtbot.keyClicks(tags.edit, "eco")
    popup = tags.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seeded_library.article(article).tags), timeout=2000)
    qtbot.wait(50)
    assert [t.name for t in seeded_library.article(article).tags] == ["economy"]
    assert tags.edit.text() == ""


def test_delete_in_the_highlights_list_removes_the_highlight_not_the_article(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    article = window.list.current_article_id()
    assert article is not None
    seeded_library.add_highlight(article, 0, 5, "yellow")
    panel = window.detail_widget.highlights
    qtbot.waitUntil(panel.view.isVisible, timeout=2000)
    window.detail_widget.note.setFocus()
    assert _tab(qtbot) is panel.view  # Tab in: the highlight with the focus is the current one
    assert panel.remove_button.isEnabled()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert seeded_library.article(article).highlights == ()
    assert article in seeded_library.article_ids()  # still listed, not in the Trash
    assert window.actions_["undo"].isEnabled()


def test_single_keys_work_again_after_leaving_each_field(
    window: MainWindow, seeded_library: Library, qtbot: QtBot, tmp_path: Path
) -> None:
    window.list.setFocus()
    first = window.list.current_article_id()
    assert first is not None
    for opener in (Qt.Key.Key_Slash, Qt.Key.Key_T, Qt.Key.Key_E):
        qtbot.keyClick(window.list, opener)
        field = _focus()
        assert field is not window.list
        qtbot.keyClicks(field, "jkmsteh")
        assert window.list.current_article_id() == first
        assert not seeded_library.article(first).starred
        if field is window.search:
            window.search.clear()
            qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=3000)
        elif field is window.detail_widget.tags.edit:
            field.clear()
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        assert window.list.hasFocus()
        assert window.list.selected_ids() == [first]
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert seeded_library.article(first).starred
    qtbot.keyClick(window.list, Qt.Key.Key_J)
    assert window.list.current_article_id() != first


def test_removing_the_last_highlight_returns_to_the_list_and_ctrl_z_brings_it_back(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    article = window.list.current_article_id()
    assert article is not None
    seeded_library.add_highlight(article, 0, 5, "yellow")
    panel = window.detail_widget.highlights
    qtbot.waitUntil(panel.view.isVisible, timeout=2000)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert seeded_library.article(article).highlights == ()
    assert window.list.hasFocus()  # not whatever follows the hidden list: the search box
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(seeded_library.article(article).highlights) == 1


def test_the_remove_button_keeps_the_focus_among_the_highlights(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    article = window.list.current_article_id()
    assert article is not None
    seeded_library.add_highlight(article, 0, 5, "yellow")
    seeded_library.add_highlight(article, 10, 15, "green")
    panel = window.detail_widget.highlights
    qtbot.waitUntil(panel.view.isVisible, timeout=2000)
    panel.view.setFocus()
    panel.remove_button.setFocus()
    qtbot.keyClick(panel.remove_button, Qt.Key.Key_Space)
    assert len(seeded_library.article(article).highlights) == 1
    assert panel.view.hasFocus()


def test_escape_in_the_highlights_list_returns_to_the_list(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    article = window.list.current_article_id()
    assert article is not None
    seeded_library.add_highlight(article, 0, 5, "yellow")
    panel = window.detail_widget.highlights
    qtbot.waitUntil(panel.view.isVisible, timeout=2000)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Escape)
    assert window.list.hasFocus()


def test_ctrl_z_undoes_while_the_sidebar_has_focus(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window.list.setFocus()
    article = window.list.current_article_id()
    assert article is not None
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert seeded_library.article(article).starred
    window.sidebar.setFocus()
    assert window.sidebar.hasFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not seeded_library.article(article).starred
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seeded_library.article(article).starred


def test_star_and_read_say_what_they_will_do_after_a_search_keeps_the_article(
    window: MainWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window.list.setFocus()
    article = window.list.current_article_id()
    assert article is not None
    qtbot.keyClick(window.list, Qt.Key.Key_Return)  # opened (the window had only shown it)
    qtbot.keyClick(window.list, Qt.Key.Key_S)
    assert seeded_library.article(article).starred and seeded_library.article(article).read
    assert window.actions_["star"].text() == "Unstar"
    word = seeded_library.article(article).title.split()[0]
    _search(window, qtbot, word)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() < 6, timeout=3000)
    assert window.list.selected_ids() == [article]  # the search kept it
    assert window.actions_["star"].text() == "Unstar"
    assert window.actions_["toggle_read"].text() == "Mark Unread"
