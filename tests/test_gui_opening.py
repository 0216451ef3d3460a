"""Opening the window changes nothing: the article it shows by itself (the first, or the one
kept from last time) is not marked read; only an article the reader opens is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from reader import Library, View
from ui.tasks import TaskRunner
from ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
OpenWindow = Callable[..., MainWindow]

# Starts Broadsheet as ``main.py`` does on the library given, waits for its window (the
# library opens off the GUI thread, with the event loop running, so a busy machine may take a
# while), lets it settle (first paint, the reads after it, the writes queued), then, if told
# to, opens an article as a click would; closes the window and says what it showed.
START = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([sys.argv[0]])
path, open_id = sys.argv[1], int(sys.argv[2])

def finish(window):
    shown = window.detail.current_article_id()
    if open_id:
        window.list.select_id(open_id)
    print(json.dumps({"shown": shown}), flush=True)
    window.close()

def wait_for_window():
    window = next((w for w in app.topLevelWidgets()
                   if isinstance(w, QMainWindow) and w.isVisible()), None)
    if window is None:
        QTimer.singleShot(100, wait_for_window)
    else:
        QTimer.singleShot(2500, lambda: finish(window))

QTimer.singleShot(0, wait_for_window)
QTimer.singleShot(60_000, app.quit)
from main import main
sys.exit(main(["--library", path]))
"""


def _start_app(tmp_path: Path, library: Path, open_id: int = 0) -> int | None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "BROADSHEET_CONFIG": str(tmp_path / "settings.json"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", START, str(library), str(open_id)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=90,
                          check=False)
    assert done.returncode == 0, done.stderr
    shown: int | None = json.loads(done.stdout.strip().splitlines()[-1])["shown"]
    return shown


def _unread(library: Library) -> set[int]:
    return {s.id for s in library.summaries(library.article_ids()) if not s.read}


def test_starting_the_app_marks_nothing_read(tmp_path: Path, seeded_library: Library) -> None:
    ids = seeded_library.article_ids()
    path = seeded_library.path
    seeded_library.close()

    shown = _start_app(tmp_path, path, open_id=ids[2])
    assert shown == ids[0]  # the first article is shown...
    with Library.open(path) as library:
        assert _unread(library) == set(ids) - {ids[2]}  # ...and only the one opened is read
        library.set_read([ids[2]], False)

    shown = _start_app(tmp_path, path)
    assert shown == ids[2]  # the article kept from last time is shown again...
    with Library.open(path) as library:
        assert _unread(library) == set(ids)  # ...and still unread


def test_the_window_shows_the_kept_article_without_marking_it(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    window = open_window(seeded_library)
    window.list.select_id(ids[3])
    assert seeded_library.article(ids[3]).read
    seeded_library.set_read([ids[3]], False)
    window.close()

    again = open_window(seeded_library, TaskRunner())
    assert again.detail.current_article_id() == ids[3]
    qtbot.wait(300)  # the reads after the first paint, and any write they would queue
    again.history.settle(3000)
    assert _unread(seeded_library) == set(ids)
    again.close()
    qtbot.wait(100)  # what the runner still hands back lands while the window is there


@pytest.mark.parametrize("how", ["click", "enter", "space"])
def test_the_reader_opens_the_article_shown_by_clicking_enter_or_space(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot, how: str
) -> None:
    window = open_window(seeded_library)
    first = seeded_library.article_ids()[0]
    assert window.detail.current_article_id() == first
    assert not seeded_library.article(first).read
    if how == "click":
        cell = window.list.visualRect(window.model.index(0, 0)).center()
        QTest.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    else:
        key = Qt.Key.Key_Return if how == "enter" else Qt.Key.Key_Space
        qtbot.keyClick(window.list, key)
    assert seeded_library.article(first).read


def test_clicking_the_star_of_the_article_shown_does_not_open_it(
    open_window: OpenWindow, seeded_library: Library
) -> None:
    from ui.article_list.article_model import Column

    window = open_window(seeded_library)
    first = seeded_library.article_ids()[0]
    star = window.list.visualRect(window.model.index(0, Column.STAR)).center()
    QTest.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=star)
    article = seeded_library.article(first)
    assert article.starred and not article.read


def test_keys_open_the_next_article_and_mark_it_read(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window = open_window(seeded_library)
    ids = seeded_library.article_ids()
    qtbot.keyClick(window.list, Qt.Key.Key_J)
    assert window.detail.current_article_id() == ids[1]
    assert _unread(seeded_library) == set(ids) - {ids[1]}


def test_choosing_a_view_shows_its_first_article_without_marking_it(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    seeded_library.set_starred(ids[4:])
    window = open_window(seeded_library)
    window.sidebar.select_filter(View.STARRED, None)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=3000)
    assert window.detail.current_article_id() == ids[4]
    assert _unread(seeded_library) == set(ids)


def test_enter_in_the_search_box_opens_the_first_result_even_if_it_is_shown(
    open_window: OpenWindow, seeded_library: Library, qtbot: QtBot
) -> None:
    window = open_window(seeded_library)
    first = seeded_library.article_ids()[0]
    word = seeded_library.article(first).title.split()[0]
    window.focus_search()
    qtbot.keyClicks(window.search, word)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.list.hasFocus(), timeout=3000)
    assert window.detail.current_article_id() == first
    assert seeded_library.article(first).read
