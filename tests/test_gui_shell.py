"""The window shell: importing, filtering, sorting, keys, empty state, saved state, names."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
)
from pytestqt.qtbot import QtBot

from reader import ArticleQuery, ImportReport, Library, SortKey, View
from tests.conftest import answer_confirmations
from ui.article_list.article_model import Column
from ui.tasks import (
    DoneCallback,
    ImmediateRunner,
    LatestOnly,
    Runner,
    Task,
    TaskContext,
    TaskRunner,
    Work,
)
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


@pytest.fixture()
def make_window(
    library: Library, open_window: Callable[..., MainWindow]
) -> Iterator[WindowFactory]:
    def make(runner: Runner | None = None, *, show: bool = True) -> MainWindow:
        return open_window(library, runner, show=show)

    yield make


def _titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]


def _imported(library: Library, files: Sequence[Path]) -> list[int]:
    return [item.id for item in library.import_paths(files).imported]


# --- importing --------------------------------------------------------------------------------


def test_import_through_the_worker_shows_rows(
    make_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    window = make_window()
    assert window.list_stack.currentWidget() is window.empty
    assert window.import_paths([str(p) for p in sample_files])
    assert window.model.rowCount() == len(sample_files)
    assert window.list_stack.currentWidget() is window.list
    assert "Bridge reopens after repairs" in _titles(window)
    assert window.count_label.text() == "6 articles · 6 unread"


def test_threaded_import_lands_in_the_list(
    make_window: WindowFactory, library: Library, sample_files: list[Path], qtbot: QtBot
) -> None:
    window = make_window(TaskRunner())
    folder = sample_files[0].parent
    assert window.import_paths([str(folder)])
    qtbot.waitUntil(lambda: window.model.rowCount() == len(sample_files), timeout=5000)
    qtbot.waitUntil(lambda: not window.importer.running, timeout=5000)
    # counts are read off the GUI thread too: the empty panel goes when they arrive
    qtbot.waitUntil(lambda: window.list_stack.currentWidget() is window.list, timeout=5000)
    assert window.count_label.text() == "6 articles · 6 unread"
    assert sorted(window.model.ids()) == sorted(library.article_ids())


def test_a_second_import_reports_duplicates(
    make_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    window = make_window()
    reports: list[ImportReport] = []
    window.importer.show_summary = reports.append
    window.import_paths([str(p) for p in sample_files])
    window.import_paths([str(sample_files[0])])
    assert len(reports) == 1 and len(reports[0].duplicates) == 1
    assert window.model.rowCount() == len(sample_files)


def test_dropping_files_imports_them(
    make_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    window = make_window()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in sample_files[:2]])
    point = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert window.model.rowCount() == 2


def test_work_cancelled_with_the_window_delivers_nothing(qtbot: QtBot) -> None:
    """A result queued for a closed window's panes is dropped, not handed to dead widgets."""
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    delivered: list[Any] = []

    def work(_context: TaskContext) -> int:
        started.set()
        release.wait(5)
        return 1

    runner.run(work, lambda result, _error: delivered.append(result))
    assert started.wait(5)
    runner.cancel_all()
    release.set()
    assert runner.wait(5000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=2000)  # the queued delivery came and went
    assert delivered == []


def test_latest_only_runs_once_more_for_requests_made_meanwhile() -> None:
    pending: list[Callable[[], None]] = []
    results: list[Any] = []

    class Deferred(ImmediateRunner):
        def run(
            self, work: Work, on_done: DoneCallback, on_progress: Any = None
        ) -> Task:
            pending.append(lambda: on_done(work(TaskContext()), None))
            return Task(TaskContext())

    runs = iter(range(1, 10))
    latest = LatestOnly(Deferred(), lambda _c: next(runs), lambda r, _e: results.append(r))
    for _ in range(5):
        latest.request()
    assert len(pending) == 1
    pending.pop()()
    assert len(pending) == 1  # one more run for the four requests made meanwhile
    pending.pop()()
    assert results == [1, 2] and pending == []


def test_import_batches_show_up_throttled(
    make_window: WindowFactory, library: Library, sample_files: list[Path], qtbot: QtBot
) -> None:
    window = make_window()
    window.model.requery()
    library.import_paths(sample_files[:2])  # the change notice re-queries, throttled
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=2000)


# --- sidebar, sorting, keys ---------------------------------------------------------------------


def test_sidebar_filters_by_tag_and_by_parent(
    make_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    ids = _imported(library, sample_files)
    library.add_tags(ids[:2], ["asia/korea"])
    library.add_tags(ids[2:3], ["asia/japan"])
    library.add_tags(ids[3:4], ["economy"])
    window = make_window()
    window.sidebar.select_filter(View.ALL, "asia/korea")
    assert sorted(window.model.ids()) == sorted(ids[:2])
    window.sidebar.select_filter(View.ALL, "asia")  # a parent that is not itself a tag
    assert sorted(window.model.ids()) == sorted(ids[:3])
    window.sidebar.select_filter(View.ALL, "economy")
    assert window.model.ids() == [ids[3]]
    window.sidebar.select_filter(View.ALL, None)
    assert window.model.rowCount() == len(ids)


def test_a_parent_tag_counts_its_whole_subtree(
    make_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    ids = _imported(library, sample_files)
    library.add_tags(ids[:2], ["asia/korea"])
    library.add_tags(ids[1:3], ["asia/japan"])
    window = make_window()
    model = window.sidebar.model()
    shown = {}
    for row in range(model.rowCount()):
        section = model.index(row, 0)
        for child in range(model.rowCount(section)):
            name = model.index(child, 0, section).data()
            shown[name] = model.index(child, 1, section).data()
    # ids[1] carries both tags: the parent counts it once.
    assert shown["asia"] == "3"


def test_sidebar_follows_a_rename_and_confirms_a_delete(
    make_window: WindowFactory, library: Library, sample_files: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _imported(library, sample_files)
    library.add_tags(ids[:2], ["asia/korea"])
    window = make_window()
    window.sidebar.select_filter(View.ALL, "asia/korea")
    monkeypatch.setattr(
        "ui.sidebar.tag_commands.QInputDialog.getText",
        lambda *args, **kwargs: ("asia/south korea", True),
    )
    window.sidebar.rename_tag("asia/korea")
    assert window.sidebar.current_filter() == (View.ALL, "asia/south korea")
    assert window.model.query.tag == "asia/south korea"
    assert sorted(window.model.ids()) == sorted(ids[:2])

    questions = answer_confirmations(monkeypatch, window.sidebar)
    window.sidebar.delete_tag("asia/south korea")
    assert questions == ["Delete tag 'asia/south korea'? It is on 2 articles."]
    assert library.tags() == []
    assert window.sidebar.current_filter() == (View.ALL, None)
    assert window.model.rowCount() == len(ids)


def test_sidebar_views_and_counts(
    make_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    ids = _imported(library, sample_files)
    window = make_window()
    window.list.select_id(ids[0])
    window.list.setFocus()
    window.actions_["star"].trigger()
    assert library.article(ids[0]).starred
    window.sidebar.select_filter(View.STARRED, None)
    assert window.model.ids() == [ids[0]]
    _name, count = window.sidebar._view_items[View.STARRED]
    assert count.text() == "1"


def test_header_click_sorts_by_title_in_sql(
    make_window: WindowFactory, library: Library, sample_files: list[Path], qtbot: QtBot
) -> None:
    _imported(library, sample_files)
    window = make_window()
    header = window.list.horizontalHeader()
    center = QPoint(header.sectionViewportPosition(Column.TITLE) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert window.model.query.sort is SortKey.TITLE and not window.model.query.descending
    assert window.model.ids() == library.article_ids(ArticleQuery(sort=SortKey.TITLE,
                                                                  descending=False))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert window.model.ids() == library.article_ids(ArticleQuery(sort=SortKey.TITLE))
    tags = QPoint(header.sectionViewportPosition(Column.TAGS) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=tags)
    assert header.sortIndicatorSection() == Column.TITLE  # tags do not sort


def test_j_and_k_move_the_current_article(
    make_window: WindowFactory, library: Library, sample_files: list[Path], qtbot: QtBot
) -> None:
    _imported(library, sample_files)
    window = make_window()
    window.list.setFocus()
    assert window.list.currentIndex().row() == 0
    qtbot.keyClick(window.list, Qt.Key.Key_J)
    qtbot.keyClick(window.list, Qt.Key.Key_J)
    assert window.list.currentIndex().row() == 2
    qtbot.keyClick(window.list, Qt.Key.Key_K)
    assert window.list.currentIndex().row() == 1
    assert window.list.selected_ids() == [window.model.id_at(1)]


def test_single_keys_go_to_the_search_box_and_escape_returns(
    make_window: WindowFactory, library: Library, sample_files: list[Path], qtbot: QtBot
) -> None:
    _imported(library, sample_files)
    window = make_window()
    window.list.setFocus()
    first = window.list.current_article_id()
    assert first is not None
    qtbot.keyClick(window.list, Qt.Key.Key_Slash)
    assert window.search.hasFocus()
    for key in "sjkm/":
        qtbot.keyClick(window.search, key)
    assert window.search.text() == "sjkm/"
    assert window.list.current_article_id() == first
    assert not library.article(first).starred
    window.search.clear()  # Esc runs the box's query: emptied, it lists every article again
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.list.hasFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_S)  # back in the list, s stars again
    assert library.article(first).starred
    window.actions_["find"].trigger()
    assert window.search.hasFocus()


def test_single_keys_type_into_the_detail_pane_editors(
    make_window: WindowFactory, library: Library, sample_files: list[Path], qtbot: QtBot
) -> None:
    _imported(library, sample_files)
    window = make_window()
    window.list.setFocus()
    first = window.list.current_article_id()
    qtbot.keyClick(window.list, Qt.Key.Key_E)  # e: to the note editor
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not window.list
    for key in "jks":
        qtbot.keyClick(editor, key)
    assert window.list.current_article_id() == first
    assert first is not None and not library.article(first).starred
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.list.hasFocus()


def test_delete_moves_to_the_trash_and_selects_the_next_row(
    make_window: WindowFactory, library: Library, sample_files: list[Path],
) -> None:
    ids = _imported(library, sample_files)
    window = make_window()
    window.list.select_rows([1], current=1)
    doomed = window.list.current_article_id()
    window.actions_["delete"].trigger()  # no question: the Trash and Undo bring it back
    assert doomed not in library.article_ids()
    assert window.model.rowCount() == len(ids) - 1
    assert window.list.currentIndex().row() == 1
