"""Starting the window on a library the version before this one made: a dialog says it is
being upgraded and where the backup goes while the open runs off the GUI thread, then the
main window opens as usual; a failed upgrade gives its reason in one line."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reader import Library
from tests.older_libraries import make_older, previous_revision, revision_of
from ui.dialogs.open_library import open_library
from ui.dialogs.upgrade_dialog import UpgradeDialog
from ui.window.main_window import MainWindow


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _shown(kind: type[QWidget]) -> list[Any]:
    return [w for w in _app().topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def _start_app(library: Path, look: Callable[[], bool]) -> int:
    """Run the real start (``ui.app.main``) on ``library``, calling ``look`` every 20 ms on
    the GUI thread until it returns True."""
    from ui.app import main as start_app

    def poll() -> None:
        if not look():
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    watchdog = QTimer()  # should nothing show, the start still ends
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(_app().quit)
    watchdog.start(20_000)
    gc.disable()
    try:
        return start_app(str(library))
    finally:
        watchdog.stop()
        gc.enable()
        gc.unfreeze()
        _app().setStyleSheet("")
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture()
def older(tmp_path: Path) -> Path:
    path = tmp_path / "news.sqlite3"
    make_older(str(path), tmp_path)
    return path


@pytest.fixture()
def write_lock(older: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the library's write lock: the upgrade (one write transaction)
    waits for it, which keeps the dialog up for as long as the test needs."""
    other = sqlite3.connect(older, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_the_dialog_shows_during_the_upgrade_and_the_window_opens_after(
    older: Path, write_lock: sqlite3.Connection, qtbot: QtBot
) -> None:
    seen: dict[str, Any] = {}

    def look() -> bool:
        dialogs = _shown(UpgradeDialog)
        if dialogs and "dialog" not in seen:
            dialog: UpgradeDialog = dialogs[0]
            dialog.reject()  # Escape, or the window manager's close: it stays
            flags = dialog.windowFlags()
            seen["dialog"] = {
                "heading": dialog.heading.text(),
                "backup": dialog.backup.text(),
                "modality": dialog.windowModality(),
                "close button": bool(flags & Qt.WindowType.WindowCloseButtonHint),
                "still shown": dialog.isVisible(),
                "busy": (dialog.bar.minimum(), dialog.bar.maximum()),
                "unnamed": [type(w).__name__ for w in dialog.findChildren(QWidget)
                            if not w.accessibleName()],
                "windows": len(_shown(MainWindow)),
                "revision": revision_of(str(older)),
            }
            write_lock.execute("ROLLBACK")  # the upgrade goes on
        windows = _shown(MainWindow)
        if not windows:
            return False
        seen["window"] = (windows[0].windowTitle(), windows[0].model.rowCount(),
                          len(_shown(UpgradeDialog)))
        windows[0].close()  # the last window: the app's event loop ends
        windows[0].deleteLater()
        return True

    assert _start_app(older, look) == 0
    backups = list(older.parent.glob("news-backups/news.*.before-upgrade-*.sqlite3"))
    assert len(backups) == 1
    assert seen["dialog"] == {
        "heading": "Upgrading news.sqlite3",
        "backup": str(backups[0]),
        "modality": Qt.WindowModality.ApplicationModal,
        "close button": False,
        "still shown": True,
        "busy": (0, 0),
        "unnamed": [],
        "windows": 0,
        "revision": previous_revision(),
    }
    assert seen["window"] == ("Broadsheet - news.sqlite3", 1, 0)
    assert revision_of(str(older)) != previous_revision()


def test_a_failed_upgrade_gives_its_reason_and_opens_no_window(
    older: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    (older.parent / "news-backups").write_text("a file where the backups would go")
    said: list[str] = []

    def look() -> bool:
        boxes = _shown(QMessageBox)
        if not boxes:
            return False
        said.append(boxes[0].text())
        boxes[0].accept()
        return True

    assert _start_app(older, look) == 1
    assert len(said) == 1
    reason = said[0].splitlines()[-1]
    assert reason.startswith("cannot create the backup folder ")
    assert said[0].count("\n") == 1  # "Cannot open the library …:" and the reason
    assert reason in capsys.readouterr().err
    assert _shown(UpgradeDialog) == [] and _shown(MainWindow) == []
    assert revision_of(str(older)) == previous_revision()


def test_opening_an_older_library_from_a_window_shows_the_dialog_over_it(
    older: Path, write_lock: sqlite3.Connection, library: Library,
    open_window: Callable[..., MainWindow], qtbot: QtBot,
) -> None:
    """*File > Open Library…* on an older library: the same dialog, over the window asking."""
    window = open_window(library)
    seen: list[tuple[object, str]] = []

    def look() -> None:
        dialogs = _shown(UpgradeDialog)
        if not dialogs:
            QTimer.singleShot(20, look)
            return
        seen.append((dialogs[0].parent(), dialogs[0].heading.text()))
        write_lock.execute("ROLLBACK")

    QTimer.singleShot(0, look)
    opened = open_library(str(older), window)
    try:
        assert opened.counts().total == 1
    finally:
        opened.close()
    assert seen == [(window, "Upgrading news.sqlite3")]
    assert _shown(UpgradeDialog) == []
