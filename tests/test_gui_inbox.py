"""The inbox folder in the window: named in Preferences, watched from the first paint while
the window is open, each file imported once it stops growing and then moved out of the way;
files saved while the window was closed are imported when it opens."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from reader import Library
from reader.importing.inbox import IMPORTED_FOLDER, NOT_IMPORTED_FOLDER
from reader.settings import Settings, load_settings
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui.tasks import TaskRunner
from ui.window.inbox_watch import InboxWatch, handled_text
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]
HARBOUR = "Harbour works\n\nThe northern quay reopened to fishing boats on Monday morning.\n"
TRAM = "Tram line opens\n\nThe first tram in sixty years left the depot at dawn on Sunday.\n"
WAIT_MS = 5000


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file settles in a fifth of a second and the folder is looked at five times a
    second, rather than three seconds and every two."""
    monkeypatch.setattr(InboxWatch, "settle", 0.2)
    monkeypatch.setattr(InboxWatch, "interval", 0.2)


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "Inbox"
    folder.mkdir()
    return folder


def _titles(window: MainWindow) -> list[str]:
    return sorted(str(window.model.index(row, 0).data())
                  for row in range(window.model.rowCount()))


def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def _watching(library: Library, open_window: WindowFactory, inbox: Path,
              runner: Any = None) -> MainWindow:
    return open_window(library, runner, settings=Settings(inbox_folder=str(inbox)))


def test_a_file_saved_before_the_window_opened_is_imported_once(
    library: Library, open_window: WindowFactory, inbox: Path, qtbot: QtBot
) -> None:
    (inbox / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    window = _watching(library, open_window, inbox)
    qtbot.waitUntil(lambda: _titles(window) == ["Harbour works"], timeout=WAIT_MS)
    assert _status(window) == "Inbox: imported harbour.txt."
    assert [p.name for p in inbox.iterdir()] == [IMPORTED_FOLDER]
    assert (inbox / IMPORTED_FOLDER / "harbour.txt").read_text(encoding="utf-8") == HARBOUR
    window.close()

    again = _watching(library, open_window, inbox)  # the next start takes nothing twice
    qtbot.wait(600)
    assert library.counts().total == 1 and _titles(again) == ["Harbour works"]


def test_a_placeholder_is_left_alone_until_it_fills(
    library: Library, open_window: WindowFactory, inbox: Path, qtbot: QtBot
) -> None:
    window = _watching(library, open_window, inbox)
    placeholder = inbox / "tram.txt"
    placeholder.touch()  # a browser's Save makes the file first and writes it at the end
    (inbox / "tram.txt.crdownload").write_text(TRAM[:20], encoding="utf-8")
    qtbot.wait(800)  # settled several times over, but empty: not taken
    assert library.counts().total == 0
    assert placeholder.exists() and window.incoming.inbox.folder == inbox

    placeholder.write_text(TRAM, encoding="utf-8")
    (inbox / "tram.txt.crdownload").unlink()
    qtbot.waitUntil(lambda: _titles(window) == ["Tram line opens"], timeout=WAIT_MS)
    assert (inbox / IMPORTED_FOLDER / "tram.txt").exists() and not placeholder.exists()


def test_files_arriving_while_the_window_is_open_are_imported_off_the_gui_thread(
    library: Library, open_window: WindowFactory, inbox: Path, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []
    real_import = library.import_paths

    def import_paths(paths: Sequence[Any], **options: Any) -> Any:
        threads.append(threading.current_thread())
        return real_import(paths, **options)

    monkeypatch.setattr(library, "import_paths", import_paths)
    window = _watching(library, open_window, inbox, TaskRunner())
    (inbox / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x00binary")
    qtbot.waitUntil(lambda: _titles(window) == ["Harbour works"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: (inbox / NOT_IMPORTED_FOLDER / "scan.pdf").exists(), timeout=WAIT_MS)
    assert threads and threading.main_thread() not in threads
    reason = (inbox / NOT_IMPORTED_FOLDER / "scan.pdf.reason.txt").read_text(encoding="utf-8")
    assert reason.startswith("binary file")

    window.close()  # no look at the folder after the window is gone
    (inbox / "tram.txt").write_text(TRAM, encoding="utf-8")
    qtbot.wait(800)
    assert (inbox / "tram.txt").exists() and library.counts().total == 1


def test_a_change_notice_brings_the_next_look_forward(
    library: Library, open_window: WindowFactory, inbox: Path, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(InboxWatch, "interval", 60.0)  # without a notice: a minute's wait
    window = _watching(library, open_window, inbox)
    qtbot.waitUntil(lambda: window.incoming.inbox.folder == inbox, timeout=WAIT_MS)
    qtbot.wait(300)  # the first look is done
    (inbox / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    qtbot.waitUntil(lambda: _titles(window) == ["Harbour works"], timeout=WAIT_MS)


def test_a_missing_folder_is_said_once_and_watched_when_it_appears(
    library: Library, open_window: WindowFactory, tmp_path: Path, qtbot: QtBot
) -> None:
    folder = tmp_path / "Share"
    window = _watching(library, open_window, folder)
    said: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: text and said.append(text))
    qtbot.waitUntil(lambda: _status(window).startswith("Inbox: cannot read the inbox folder"),
                    timeout=WAIT_MS)
    qtbot.wait(600)
    assert len([text for text in said if text.startswith("Inbox: cannot read")]) <= 1
    folder.mkdir()
    (folder / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    qtbot.waitUntil(lambda: _titles(window) == ["Harbour works"], timeout=WAIT_MS)


def test_no_inbox_is_watched_for_a_read_only_library(
    library: Library, open_window: WindowFactory, inbox: Path, qtbot: QtBot
) -> None:
    (inbox / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    with Library.open(library.path, read_only=True) as read_only:
        window = _watching(read_only, open_window, inbox)
        qtbot.wait(600)
        assert window.incoming.inbox.folder is None
    assert (inbox / "harbour.txt").exists() and library.counts().total == 0


# --- Preferences -----------------------------------------------------------------------------


def _press_ok(dialog: PreferencesDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_choosing_the_folder_in_preferences_starts_watching_it(
    library: Library, open_window: WindowFactory, inbox: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    (inbox / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    window = open_window(library)
    qtbot.wait(300)
    assert library.counts().total == 0 and window.incoming.inbox.folder is None

    dialog = window.edit_preferences()
    assert dialog.inbox.folder() is None
    dialog.inbox.line.setText(str(tmp_path / "nowhere"))
    _press_ok(dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == f"Cannot save: there is no folder {tmp_path / 'nowhere'}."
    assert dialog.height() >= dialog.sizeHint().height()  # the message makes room for itself
    dialog.inbox.line.setText(str(inbox))
    _press_ok(dialog)
    assert not dialog.isVisible() and load_settings().inbox_folder == str(inbox)
    qtbot.waitUntil(lambda: _titles(window) == ["Harbour works"], timeout=WAIT_MS)

    dialog = window.edit_preferences()  # cleared: nothing watched any more
    dialog.inbox.line.clear()
    _press_ok(dialog)
    assert load_settings().inbox_folder is None and window.incoming.inbox.folder is None


def test_the_inbox_tags_set_in_preferences_go_on_what_it_imports(
    library: Library, open_window: WindowFactory, inbox: Path, qtbot: QtBot
) -> None:
    window = _watching(library, open_window, inbox)
    dialog = window.edit_preferences()
    assert dialog.inbox_tags.text() == "" and dialog.inbox_tags.accessibleName()
    dialog.inbox_tags.setText("to read, bad\x07name")
    _press_ok(dialog)
    assert dialog.isVisible() and dialog.error_label.text().startswith("Cannot save:")
    dialog.inbox_tags.setText(" to read , Web/News, TO READ ")
    _press_ok(dialog)
    assert not dialog.isVisible()
    assert load_settings().inbox_tags == ("to read", "Web/News")
    (inbox / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    qtbot.waitUntil(lambda: _titles(window) == ["Harbour works"], timeout=WAIT_MS)
    [summary] = library.list_articles()
    assert sorted(tag.name for tag in summary.tags) == ["Web/News", "to read"]
    assert window.edit_preferences().inbox_tags.text() == "to read, Web/News"


def test_a_kept_folder_that_is_away_does_not_block_other_preferences(
    library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    away = str(tmp_path / "unmounted share")
    window = open_window(library, settings=Settings(inbox_folder=away))
    dialog = window.edit_preferences()
    assert dialog.inbox.folder() == away
    dialog.font_size.setValue(15)
    _press_ok(dialog)
    assert not dialog.isVisible()
    assert (load_settings().reading_font_size, load_settings().inbox_folder) == (15, away)


def test_what_a_poll_took_is_one_line() -> None:
    from reader.importing.inbox import Handled
    from reader.records import Duplicate, Failed, Imported

    one = [Handled(Failed("/in/scan.pdf", "binary file"), None)]
    assert handled_text(one) == "Inbox: scan.pdf could not be imported: binary file."
    entry = [Handled(Duplicate("/in/pocket.csv#3 <https://example.com/a#b>", 7), None)]
    assert handled_text(entry) == "Inbox: pocket.csv is already in the library (article 7)."
    several = [Handled(Imported("/in/a.txt", 1), None), Handled(Imported("/in/b.txt", 2), None),
               *one, *entry]
    assert handled_text(several) == ("Inbox: imported 2, 1 already in the library, "
                                     "1 could not be imported (see the Not imported folder).")
