"""Finding things in the window: search as you type, ranking, problems shown inline, marks in
the article, saved searches and the month histogram."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from reader import Library, SortKey
from tests.conftest import ManualRunner, write_articles
from ui.article_list.article_model import Column
from ui.article_pane.search_matches import find_matches
from ui.search.query_text import chosen_months, search_terms, with_months, without_dates
from ui.tasks import (
    Runner,
    TaskRunner,
)
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]

ARTICLES = {
    "rain.txt": (
        "Rain returns to the valley\n\n"
        "Heavy rain fell overnight. The rain is welcome, farmers said, after a dry RAIN-less "
        "summer.\n\nCafé owners on the square moved their tables inside.\n"
    ),
    "budget.txt": (
        " date 2024-01-15 The city council approved a budget that raises spending on transit.\n"
    ),
    "missile.txt": (
        " date 2024-03-20 A missile was launched toward the eastern sea this morning.\n"
    ),
    "harvest.txt": (
        " date 2023-11-02 Farmers reported a record harvest despite a dry summer.\n"
    ),
    "market.txt": (
        " date 2024-03-02 Market traders said the budget left them better off.\n"
    ),
}


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    return write_articles(tmp_path / "search-articles", ARTICLES)


@pytest.fixture()
def make_window(
    library: Library, open_window: Callable[..., MainWindow]
) -> Iterator[WindowFactory]:
    def make(runner: Runner | None = None) -> MainWindow:
        return open_window(library, runner)

    yield make


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]


def _search(window: MainWindow, text: str) -> None:
    window.search.setText(text)
    window.finder.run_now()


# --- the query text -------------------------------------------------------------------------


def test_terms_are_the_positive_words_phrases_and_prefixes() -> None:
    terms = search_terms('Café "city council" bud* -storm -"heavy rain" tag:x title:vote')
    assert [(t.words, t.prefix) for t in terms] == [
        (("cafe",), False), (("city", "council"), False), (("bud",), True), (("vote",), False)
    ]
    assert search_terms('"unclosed') == ()
    text = "The CITY-council met at the cafe\u0301; budgets rose. Storm. cafés vote"
    found = [text[a:b] for a, b in find_matches(text, terms)]
    assert found == ["CITY-council", "cafe\u0301", "budgets", "vote"]


def test_the_help_card_names_every_search_field() -> None:
    from reader.search.syntax import FIELDS
    from ui.search.search_help import help_html

    card = help_html()
    missing = [name for name in sorted(FIELDS - {"colour"}) if f"{name}:" not in card]
    assert missing == []


def test_date_terms_are_replaced_and_read_back() -> None:
    assert without_dates("vote after:2024-03-01 -date:2023 (x before:2024)") == "vote (x)"
    assert with_months("vote date:2024", "2024-03", "2024-12") == (
        "vote after:2024-03-01 before:2025-01-01"
    )
    assert chosen_months("vote after:2024-03-01 before:2025-01-01") == ("2024-03", "2024-12")
    assert chosen_months("date:2024-02") == ("2024-02", "2024-02")
    assert chosen_months("after:2024-02-01") is None


# --- search as you type ---------------------------------------------------------------------


def test_typing_filters_the_list(make_window: WindowFactory, library: Library,
                                 files: list[Path], qtbot: QtBot) -> None:
    library.import_paths(files)
    window = make_window(TaskRunner())
    qtbot.waitUntil(lambda: window.model.rowCount() == len(ARTICLES))
    window.focus_search()
    qtbot.keyClicks(window.search, "budget")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=3000)
    assert window.model.query.search == "budget"
    qtbot.keyClicks(window.search, " transit")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == len(ARTICLES), timeout=3000)


def test_a_slow_older_query_never_overwrites_a_newer_one(
    make_window: WindowFactory, library: Library, files: list[Path]
) -> None:
    library.import_paths(files)
    runner = ManualRunner()
    window = make_window(runner)
    runner.finish_all()
    _search(window, "budget")
    _search(window, "harvest")
    searches = [i for i, job in enumerate(runner.jobs) if not job[3].finished]
    runner.finish(searches[-1])  # the newer query answers first...
    runner.finish_all()  # ...and the older one after it
    assert window.model.query.search == "harvest"
    assert len(_titles(window)) == 1 and "harvest" in _titles(window)[0]


def test_an_invalid_query_is_explained_and_keeps_the_rows(
    make_window: WindowFactory, library: Library, files: list[Path], qtbot: QtBot
) -> None:
    library.import_paths(files)
    window = make_window()
    _search(window, "budget")
    shown = _titles(window)
    _search(window, 'budget "council')
    qtbot.waitUntil(window.finder.error_label.isVisible)  # the toolbar lays it out
    assert window.finder.error_label.text() == "unclosed quote"
    assert "unclosed quote" in window.statusBar().currentMessage()
    assert "unclosed quote" in window.search.toolTip()
    assert _titles(window) == shown
    _search(window, 'budget "council"')
    qtbot.waitUntil(lambda: not window.finder.error_label.isVisible())
    assert len(_titles(window)) == 1


def test_words_rank_by_relevance_until_a_header_is_clicked(
    make_window: WindowFactory, library: Library, files: list[Path]
) -> None:
    library.import_paths(files)
    window = make_window()
    assert window.model.query.sort is SortKey.PUBLISHED
    _search(window, "tag:nothing-yet OR is:unread")  # no words: the sort stays
    assert window.model.query.sort is SortKey.PUBLISHED
    _search(window, "budget")
    assert window.model.query.sort is SortKey.RELEVANCE
    assert window.finder.list_query().sort is SortKey.PUBLISHED  # what the window remembers
    window.list.horizontalHeader().setSortIndicator(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert window.model.query.sort is SortKey.TITLE
    _search(window, "budget council")
    assert window.model.query.sort is SortKey.TITLE  # the user's choice holds
    _search(window, "")
    assert window.model.query.sort is SortKey.PUBLISHED and window.model.query.descending


def test_enter_goes_to_the_first_row(make_window: WindowFactory, library: Library,
                                     files: list[Path], qtbot: QtBot) -> None:
    library.import_paths(files)
    window = make_window()
    window.focus_search()
    qtbot.keyClicks(window.search, "dry")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.list.hasFocus()
    assert window.list.currentIndex().row() == 0
    assert window.model.rowCount() == 2


# --- marks in the article -------------------------------------------------------------------


def test_matches_are_marked_and_stepped_through(
    make_window: WindowFactory, library: Library, files: list[Path]
) -> None:
    library.import_paths(files)
    window = make_window()
    _search(window, "rain cafe")
    window.list.move_current(0)
    view = window.detail_widget.view  # type: ignore[attr-defined]
    # title "Rain", body "rain" twice and "RAIN" (in RAIN-less), and "Café"
    assert len(view.matches) == 5
    label: QLabel = window.detail_widget.match_bar.label  # type: ignore[attr-defined]
    assert label.text() == "5 matches"
    window.actions_["next_match"].trigger()
    assert view.text.textCursor().selectedText() == "Rain" and label.text() == "1 of 5"
    window.actions_["next_match"].trigger()
    assert view.text.textCursor().selectedText() == "rain" and label.text() == "2 of 5"
    window.actions_["previous_match"].trigger()
    window.actions_["previous_match"].trigger()
    assert view.text.textCursor().selectedText() == "Café" and label.text() == "5 of 5"
    window.actions_["zoom_in"].trigger()  # the article is laid out again: same match kept
    assert view.text.textCursor().selectedText() == "Café" and label.text() == "5 of 5"
    window.actions_["next_match"].trigger()
    assert view.text.textCursor().selectedText() == "Rain" and label.text() == "1 of 5"
    window.actions_["zoom_out"].trigger()  # a match in the title stays chosen too
    assert view.text.textCursor().selectedText() == "Rain" and label.text() == "1 of 5"
    _search(window, "")
    assert len(view.matches) == 0 and label.text() == ""


# --- saved searches -------------------------------------------------------------------------


def _saved_rows(window: MainWindow) -> list[tuple[str, str]]:
    root = window.sidebar._searches_root
    return [(root.child(r, 0).text(), root.child(r, 1).text()) for r in range(root.rowCount())]


def test_a_saved_search_shows_its_count_and_comes_back(
    make_window: WindowFactory, library: Library, files: list[Path], qtbot: QtBot
) -> None:
    library.import_paths(files)
    first = make_window()
    root_index = first.sidebar._searches_root.index()
    assert first.sidebar.isRowHidden(root_index.row(), root_index.parent())
    _search(first, "budget")
    first.finder.save_current_search("Money")
    assert _saved_rows(first) == [("Money", "2")]
    assert not first.sidebar.isRowHidden(root_index.row(), root_index.parent())
    first.close()

    second = make_window()
    assert _saved_rows(second) == [("Money", "2")]
    assert second.search.text() == ""
    item = second.sidebar._searches_root.child(0, 0)
    rect = second.sidebar.visualRect(item.index())
    qtbot.mouseClick(second.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert second.search.text() == "budget"
    assert second.model.query.search == "budget" and second.model.rowCount() == 2
    library.import_paths(write_articles(files[0].parent / "more", {
        "again.txt": " date 2024-05-01 Another budget story from the council, on schools "
                     "and parks this time.\n"}))
    qtbot.waitUntil(lambda: _saved_rows(second) == [("Money", "3")], timeout=3000)
    library.rename_saved_search(second.sidebar.saved.searches[0].id, "Spending")
    assert _saved_rows(second) == [("Spending", "3")]
    assert second.sidebar.currentIndex().siblingAtColumn(0).data() == "Spending"
    second.search.setText("budget vote")  # no longer the saved query: back to all articles
    assert second.sidebar.currentIndex().data() == "All articles"


# --- the histogram --------------------------------------------------------------------------


def test_clicking_a_month_filters_the_list(
    make_window: WindowFactory, library: Library, files: list[Path], qtbot: QtBot
) -> None:
    library.import_paths(files)
    window = make_window()
    histogram = window.histogram
    assert histogram.isVisible()
    assert histogram.months[0] == "2023-11" and histogram.months[-1] == "2024-03"
    assert histogram.counts == [1, 0, 1, 0, 2]
    assert histogram.describe(4, 4) == "March 2024: 2 articles"
    _search(window, "date:2023 budget OR market")
    march = histogram.months.index("2024-03")
    qtbot.mouseClick(histogram, Qt.MouseButton.LeftButton, pos=histogram.bar_center(march))
    assert window.search.text() == "(budget OR market) after:2024-03-01 before:2024-04-01"
    assert _titles(window) == ["Market traders said the budget left them better off."]
    # the bars follow the search, whatever its dates
    assert histogram.counts == [1, 0, 1]
    start = histogram.bar_center(0)
    qtbot.mousePress(histogram, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(histogram, histogram.bar_center(2))
    qtbot.mouseRelease(histogram, Qt.MouseButton.LeftButton, pos=histogram.bar_center(2))
    assert window.search.text() == "(budget OR market) after:2024-01-01 before:2024-04-01"
    assert window.model.rowCount() == 2


# --- help and names -------------------------------------------------------------------------


def test_help_lists_the_language_and_adds_an_example(
    make_window: WindowFactory, library: Library, files: list[Path]
) -> None:
    library.import_paths(files)
    window = make_window()
    button = window.finder.help_button
    assert button.accessibleName() == "Search help"
    button.click()
    popup = button.popup
    assert popup is not None and popup.isVisible()
    for term in ("tag:", "is:", "has:", "color:", "date:", "after:", "before:", "imported:",
                 "title:"):
        assert term in popup.label.text()
    popup.label.linkActivated.emit("is:unread")
    assert window.search.text() == "is:unread"
    assert not popup.isVisible()
    named = [w.accessibleName() for w in window.findChildren(QAbstractButton)]
    assert "Previous match" in named and "Next match" in named and "Save search" in named
    assert window.histogram.accessibleName() == "Articles per month"
    assert QApplication.instance() is not None
