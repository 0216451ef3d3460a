"""Another program holding the library's write lock (a command-line import beside the app)
does not freeze the window: every write waits its turn off the GUI thread, the window goes
on handling events, and the edits land once the lock is let go."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from reader import Library
from ui.article_pane.detail_pane import DetailPane
from ui.tasks import TaskRunner
from ui.window.main_window import MainWindow

HOLD_S = 5
TICK_MS = 10
MAX_GAP_S = 0.1

# Opens the library file as any other program would, takes the write lock and keeps it.
HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def _hold_lock(library: Library, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the library's write lock for ``seconds``, once it returns."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(library.path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


class Latency:
    """The longest the event loop went without running a repeating 10 ms timer."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.ticks = 0
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.monotonic()
        self.timer.start()

    def stop(self) -> None:
        self._tick()  # the time since the last tick counts too
        self.timer.stop()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self.ticks += 1
        self._last = now


@pytest.mark.slow  # the other process holds the lock for HOLD_S seconds
def test_edits_wait_for_another_process_without_freezing_the_window(
    open_window: Callable[..., MainWindow], seeded_library: Library, qtbot: QtBot
) -> None:
    library = seeded_library
    window = open_window(library, TaskRunner())
    pane = window.detail_widget
    assert isinstance(pane, DetailPane)
    first, second = sorted(library.article_ids())[:2]
    assert window.list.select_id(first)
    qtbot.waitUntil(lambda: pane.current_article_id() == first)
    qtbot.waitUntil(lambda: library.article(first).read)  # marked read as it was opened
    window.runner.wait(2000)  # the reads after the first paint are done

    holder = _hold_lock(library, HOLD_S)
    try:
        latency = Latency()
        latency.start()
        pane.note.setPlainText("Typed while another program writes")
        pane.note.end_stretch()  # saving the note
        assert window.list.select_id(second)  # opening marks it read
        pane.tags.add_to([second], "held")  # a tag
        window.actions_["star"].trigger()  # and a star, from the menu
        qtbot.waitUntil(lambda: holder.poll() is not None, timeout=(HOLD_S + 5) * 1000)
        latency.stop()
        assert latency.longest < MAX_GAP_S, f"the window froze for {latency.longest:.3f} s"
        assert latency.ticks > HOLD_S * 1000 / TICK_MS / 4  # it ran all along
        assert pane.current_article_id() == second  # it kept working meanwhile
    finally:
        holder.kill()
        holder.wait()

    def landed() -> bool:
        opened = library.article(second)
        return (library.note(first).text == "Typed while another program writes"
                and opened.read and opened.starred
                and [t.name for t in opened.tags] == ["held"])

    qtbot.waitUntil(landed, timeout=10_000)
    assert holder.returncode == 0  # it committed: the edits waited instead of failing
    qtbot.waitUntil(lambda: window.actions_["undo"].text() == "&Undo Star article")
    window.actions_["undo"].trigger()
    qtbot.waitUntil(lambda: not library.article(second).starred)


def test_closing_waits_for_a_note_queued_behind_the_lock(
    open_window: Callable[..., MainWindow], seeded_library: Library, qtbot: QtBot
) -> None:
    library = seeded_library
    window = open_window(library, TaskRunner())
    pane = window.detail_widget
    assert isinstance(pane, DetailPane)
    (first,) = sorted(library.article_ids())[:1]
    assert window.list.select_id(first)
    qtbot.waitUntil(lambda: library.article(first).read)
    holder = _hold_lock(library, 1.5)
    try:
        window.actions_["star"].trigger()  # waits for the lock on a worker thread
        pane.note.setPlainText("The last words before closing")
        window.close()  # the save is queued behind the star: closing waits for both
        assert library.note(first).text == "The last words before closing"
        assert library.article(first).starred
    finally:
        holder.kill()
        holder.wait()
