"""Opening the window: what it shows before its background reads (tags, counts) arrive."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader import Library, View
from tests.conftest import ManualRunner
from ui.tasks import TaskRunner
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


def _tag_rows(window: MainWindow) -> list[tuple[str, str]]:
    """(name, count) of every row under the sidebar's Tags section, depth first."""
    model = window.sidebar.model()
    rows: list[tuple[str, str]] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            rows.append((str(index.data()), str(model.index(row, 1, parent).data())))
            walk(index)

    for row in range(model.rowCount()):
        section = model.index(row, 0)
        if section.data() == "Tags":
            walk(section)
    return rows


def _close_on_tag(window: MainWindow, tag: str) -> None:
    """Choose ``tag`` in the sidebar and close the window: the next one starts on it."""
    window.sidebar.select_filter(View.ALL, tag)
    window.close()


@pytest.fixture()
def tagged(seeded_library: Library) -> tuple[Library, list[int]]:
    ids = seeded_library.article_ids()
    seeded_library.add_tags(ids[:2], ["asia/korea"])
    return seeded_library, ids


def test_articles_show_before_the_tags_and_counts_are_read(
    tagged: tuple[Library, list[int]], open_window: WindowFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library, ids = tagged
    reads: list[str] = []
    for name in ("tags", "tag_subtree_counts", "counts"):
        original = getattr(library, name)

        def spy(*args: Any, _name: str = name, _original: Any = original) -> Any:
            reads.append(_name)
            return _original(*args)

        monkeypatch.setattr(library, name, spy)
    runner = ManualRunner()
    window = open_window(library, runner)

    assert reads == []  # nothing scans the tag links or the counts before the first paint
    assert window.model.rowCount() == len(ids)
    assert window.list_stack.currentWidget() is window.list
    assert window.list.current_article_id() == ids[0]
    assert _tag_rows(window) == []
    assert window.count_label.text() == ""

    runner.finish_all()
    assert _tag_rows(window) == [("asia", "2"), ("korea", "2")]
    # The article shown was the window's choice, not the reader's: it is still unread.
    assert window.count_label.text() == f"{len(ids)} articles · {len(ids)} unread"
    _name, all_count = window.sidebar._view_items[View.ALL]
    assert all_count.text() == str(len(ids))


def test_a_saved_tag_filter_is_chosen_before_the_tree_arrives(
    tagged: tuple[Library, list[int]], open_window: WindowFactory
) -> None:
    library, ids = tagged
    _close_on_tag(open_window(library), "asia/korea")
    runner = ManualRunner()
    second = open_window(library, runner)
    assert second.sidebar.current_filter() == (View.ALL, "asia/korea")
    assert sorted(second.model.ids()) == sorted(ids[:2])
    runner.finish_all()
    assert second.sidebar.current_filter() == (View.ALL, "asia/korea")
    assert second.sidebar.currentIndex().data() == "korea"
    assert sorted(second.model.ids()) == sorted(ids[:2])


def test_a_saved_tag_deleted_since_falls_back_to_every_article(
    tagged: tuple[Library, list[int]], open_window: WindowFactory
) -> None:
    library, ids = tagged
    _close_on_tag(open_window(library), "asia/korea")
    library.delete_tag("asia/korea")
    runner = ManualRunner()
    second = open_window(library, runner)
    runner.finish_all()
    assert second.sidebar.current_filter() == (View.ALL, None)
    assert second.sidebar.currentIndex().data() == "All articles"
    assert second.model.rowCount() == len(ids)


def test_an_empty_library_shows_how_to_import_at_once(
    library: Library, open_window: WindowFactory
) -> None:
    window = open_window(library, ManualRunner())
    assert window.list_stack.currentWidget() is window.empty
    assert window.empty.isVisible()


def test_completion_offers_a_tag_made_after_the_window_opened(
    tagged: tuple[Library, list[int]], open_window: WindowFactory, qtbot: QtBot,
    tmp_path: Path,
) -> None:
    library, ids = tagged
    window = open_window(library)
    library.add_tags([ids[3]], ["economy"])  # as another window or the command line would
    field = window.detail_widget.tags  # type: ignore[attr-defined]
    qtbot.keyClicks(field.edit, "econ")
    assert field.completer.completionCount() == 1
    assert field.completer.currentCompletion() == "economy"


def test_the_app_starts_with_the_collector_back_on(tmp_path: Path, qtbot: QtBot) -> None:
    """The real start (as main.py makes it, the collector off while loading) opens the window
    on the library and collects again once the window is up."""
    from ui.app import main as start_app

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    seen: dict[str, Any] = {}

    def look() -> None:
        window = next((w for w in app.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None:  # the library still opening, off the GUI thread
            QTimer.singleShot(20, look)
            return
        seen.update(title=window.windowTitle(), collecting=gc.isenabled(),
                    empty=window.list_stack.currentWidget() is window.empty)
        window.close()  # the last window: the app's event loop ends
        window.deleteLater()  # no stray window for the tests after this one

    QTimer.singleShot(0, look)
    watchdog = QTimer()  # should the window never show, the loop still ends
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(app.quit)
    watchdog.start(10_000)
    gc.disable()
    try:
        assert start_app(str(tmp_path / "news.sqlite3")) == 0
    finally:
        watchdog.stop()
        gc.enable()
        gc.unfreeze()
        app.setStyleSheet("")
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert seen == {"title": "Broadsheet - news.sqlite3", "collecting": True, "empty": True}


def test_background_reads_wait_for_the_first_paint(
    tagged: tuple[Library, list[int]], open_window: WindowFactory, qtbot: QtBot
) -> None:
    """Reads on worker threads would compete with building the window for the interpreter:
    they start once the window has painted."""
    library, _ids = tagged
    runner = TaskRunner()
    window = open_window(library, runner, show=False)
    qtbot.wait(200)
    assert runner.busy and _tag_rows(window) == []  # asked for, not started
    window.show()
    qtbot.waitUntil(lambda: _tag_rows(window) == [("asia", "2"), ("korea", "2")], timeout=5000)
    qtbot.waitUntil(lambda: window.count_label.text() != "", timeout=5000)


def test_a_held_runner_starts_its_work_on_release(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ran = threading.Event()
    results: list[Any] = []
    runner.hold()
    runner.run(lambda _context: ran.set() or "done", lambda result, _e: results.append(result))
    assert not ran.wait(0.2)
    runner.release()
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    runner.run(lambda _context: "again", lambda result, _e: results.append(result))
    qtbot.waitUntil(lambda: results == ["done", "again"], timeout=5000)


def test_held_work_cancelled_with_its_window_never_runs() -> None:
    runner = TaskRunner()
    ran = threading.Event()
    runner.hold()
    runner.run(lambda _context: ran.set(), lambda _result, _error: None)
    runner.cancel_all()  # the window closed before its first paint
    assert not runner.busy
    runner.release()
    assert not ran.wait(0.3)


@pytest.fixture()
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pages of two rows: the six sample articles make a list longer than its first page."""
    import ui.article_list.article_model

    monkeypatch.setattr(ui.article_list.article_model, "PAGE_SIZE", 2)
    return 2


def test_the_first_page_shows_before_every_id_is_read(
    seeded_library: Library, open_window: WindowFactory, small_pages: int
) -> None:
    ids = seeded_library.article_ids()
    runner = ManualRunner()
    window = open_window(seeded_library, runner)
    assert window.model.ids() == ids[:small_pages]
    assert window.list.current_article_id() == ids[0]

    window.list.select_rows([1], current=1)
    runner.finish_all()
    assert window.model.ids() == ids
    # The rest is added below: what the reader chose stays chosen.
    assert window.list.selected_ids() == [ids[1]]
    assert window.list.current_article_id() == ids[1]
    assert window.count_label.text().startswith(f"{len(ids)} articles")


def test_an_article_saved_beyond_the_first_page_is_chosen_again(
    seeded_library: Library, open_window: WindowFactory, small_pages: int
) -> None:
    ids = seeded_library.article_ids()
    first = open_window(seeded_library)
    first.list.select_id(ids[4])
    first.close()
    second = open_window(seeded_library, ManualRunner())
    assert second.model.ids() == ids  # read whole at once, to find it
    assert second.list.current_article_id() == ids[4]


def test_a_list_read_again_meanwhile_is_not_overwritten_by_the_late_rest(
    seeded_library: Library, open_window: WindowFactory, small_pages: int
) -> None:
    ids = seeded_library.article_ids()
    runner = ManualRunner()
    window = open_window(seeded_library, runner)
    work, deliver, _progress, task = next(
        job for job in runner.jobs if job[0](job[3].context) == ids)  # the rest of the list
    rest = work(task.context)  # read on a worker thread...
    seeded_library.delete_articles([ids[5]])  # ...then this, and the list is read again
    assert window.model.ids() == ids[:5]
    deliver(rest, None)  # ...and only then the stale rest arrives
    assert window.model.ids() == ids[:5]
    runner.finish_all()  # the writes queued meanwhile land: closing need not wait for them
