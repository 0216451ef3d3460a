"""Never lose a word: the Trash, undo/redo, export and restore, backups, refused writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from reader import Library, View
from ui.article_pane.detail_pane import DetailPane
from ui.dialogs import backups_dialog
from ui.dialogs.export_dialog import ExportChoiceDialog, ExportKind
from ui.dialogs.work_progress import WorkProgressDialog
from ui.tasks import TaskRunner
from ui.window.main_window import MainWindow

T = TypeVar("T")

Opener = Callable[..., MainWindow]
BUSY = "the library is busy (another program is writing to it); try again"


def _undo(window: MainWindow) -> None:
    window.actions_["undo"].trigger()


def _redo(window: MainWindow) -> None:
    window.actions_["redo"].trigger()


def _pane(window: MainWindow) -> DetailPane:
    assert isinstance(window.detail_widget, DetailPane)
    return window.detail_widget


def _titles_of_kinds(dialog: Any) -> set[str]:
    items = (dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount()))
    return {item.text(1) for item in items if item is not None}


def _select(window: MainWindow, rows: Iterable[int]) -> list[int]:
    chosen = list(rows)
    window.list.select_rows(chosen, current=chosen[0])
    return window.list.selected_ids()


# --- the Trash view -----------------------------------------------------------------------------


def test_trash_view_restores_and_empties(
    open_window: Opener, seeded_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seeded_library)
    _select(window, [0, 1, 2])
    window.actions_["delete"].trigger()
    window.sidebar.select_filter(View.TRASH, None)
    assert window.model.rowCount() == 3
    assert window.count_label.text().startswith("3 shown · 3 in the Trash")
    assert window.actions_["restore"].isVisible() and window.actions_["restore"].isEnabled()
    assert window.actions_["delete"].text() == "Delete &Permanently…"
    restored = _select(window, [0])
    window.actions_["restore"].trigger()
    assert restored[0] in seeded_library.article_ids()
    assert window.model.rowCount() == 2

    asked: list[str] = []
    def answer(reply: bool) -> Callable[..., bool]:
        def confirm(title: str, question: str, *rest: str) -> bool:
            asked.append(question)
            return reply

        return confirm

    monkeypatch.setattr(window.safety.trash, "confirm", answer(False))
    _select(window, [0])
    window.actions_["delete"].trigger()  # in the Trash: permanently, after asking
    assert asked and "permanently" in asked[0]
    assert seeded_library.counts().trash == 2
    monkeypatch.setattr(window.safety.trash, "confirm", answer(True))
    window.actions_["delete"].trigger()
    assert seeded_library.counts().trash == 1
    window.actions_["empty_trash"].trigger()
    assert asked[-1] == "Delete the 1 article in the Trash permanently?"
    assert seeded_library.counts().trash == 0
    assert seeded_library.counts().total == 4
    assert window.model.rowCount() == 0


# --- export and restore -------------------------------------------------------------------------


def test_export_json_off_the_gui_thread_then_restore_into_an_empty_library(
    open_window: Opener, seeded_library: Library, tmp_path: Path, qtbot: QtBot,
) -> None:
    article_id = seeded_library.article_ids()[0]
    seeded_library.set_note(article_id, "kept through the export")
    window = open_window(seeded_library, TaskRunner())
    target = tmp_path / "out" / "library.json"
    target.parent.mkdir()
    window.safety.exporter.export(ExportKind.JSON, target, window.model.query)
    qtbot.waitUntil(lambda: target.exists() and "Exported" in window.statusBar().currentMessage(),
                    timeout=10_000)
    assert window.statusBar().currentMessage().startswith("Exported 6 articles")

    refused: list[str] = []
    window.safety.exporter.show_error = lambda title, text: refused.append(text)
    window.safety.exporter.choose_and_restore()  # this library is not empty: explained
    assert "already holds 6 articles" in refused[0]

    empty = Library.open(tmp_path / "empty.sqlite3")
    try:
        second = open_window(empty, TaskRunner())
        second.safety.exporter.ask_open_path = lambda: str(target)
        second.safety.exporter.choose_and_restore()
        qtbot.waitUntil(lambda: second.model.rowCount() == 6, timeout=10_000)
        assert empty.note(article_id).text == "kept through the export"
        # The counts are fetched apart from the list: they may land a moment later.
        qtbot.waitUntil(lambda: second.sidebar._view_items[View.ALL][1].text() == "6",
                        timeout=10_000)
        second.close()
    finally:
        empty.close()


def test_markdown_export_of_the_selection(
    open_window: Opener, seeded_library: Library, tmp_path: Path
) -> None:
    window = open_window(seeded_library)
    ids = _select(window, [0, 1])
    for article_id in ids:
        seeded_library.set_note(article_id, f"note on {article_id}")
    target = tmp_path / "notes.md"
    window.safety.exporter.export(ExportKind.MARKDOWN, target, ids)
    text = target.read_text(encoding="utf-8")
    assert all(f"note on {i}" in text for i in ids)


# --- backups --------------------------------------------------------------------------------------


def test_backups_dialog_lists_a_backup_and_restores_it(
    open_window: Opener, seeded_library: Library, monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    window = open_window(seeded_library)
    (article_id,) = _select(window, [0])
    seeded_library.set_note(article_id, "before")
    window.actions_["star"].trigger()
    dialog = window.safety.backups.open_dialog()
    assert dialog.empty.isVisible()
    dialog.back_up()
    assert _titles_of_kinds(dialog) == {"Made by hand"}
    assert "6 articles" in dialog.preview.text() and "1 note ·" in dialog.preview.text()
    seeded_library.set_note(article_id, "after")
    seeded_library.delete_articles([article_id])

    monkeypatch.setattr(window.safety.backups, "confirm_restore", lambda info: True)
    dialog.restore_chosen()
    assert seeded_library.note(article_id).text == "before"
    assert seeded_library.counts().trash == 0
    assert window.model.rowCount() == 6
    assert not window.history.can_undo()  # old steps do not apply to the restored library
    assert _titles_of_kinds(dialog) == {"Made by hand", "Before a restore"}
    dialog.close()


def test_startup_check_backs_up_and_offers_a_sound_backup_for_a_damaged_file(
    open_window: Opener, seeded_library: Library, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(seeded_library)

    def problems(path: Path) -> list[str]:
        return ["*** in database main *** Page 7: btreeInitPage() returns error code 11"] \
            if path == seeded_library.path else []

    monkeypatch.setattr("reader.store.backups.integrity_problems", problems)
    offered: list[tuple[backups_dialog.StartupReport, QMessageBox]] = []
    real_offer = window.safety.backups.offer_restore
    monkeypatch.setattr(window.safety.backups, "offer_restore",
                        lambda report: offered.append((report, real_offer(report))))
    window.safety.backups.check_at_startup()
    (daily,) = [b for b in seeded_library.backups.newest_first() if b.label == "daily"]
    ((report, box),) = offered
    assert report.sound_backup == daily
    assert "damaged" in box.windowTitle()
    assert "Restore it?" in box.informativeText()
    restore = next(b for b in box.buttons() if b.text() == "Restore Backup")
    seeded_library.set_note(seeded_library.article_ids()[0], "written after the backup")
    restore.click()  # no second question: the dialog was the question
    assert seeded_library.note(seeded_library.article_ids()[0]).text == ""
    assert any(b.label == "before-restore" for b in seeded_library.backups.newest_first())


def test_shortcuts_dialog_lists_undo_and_redo(open_window: Opener, library: Library) -> None:
    window = open_window(library)
    rows = dict(window.actions_.shortcut_rows())
    assert "Ctrl+Z" in rows["Undo"] and "Ctrl+Shift+Z" in rows["Redo"]
    assert QApplication.instance() is not None


def test_start_up_check_waits_for_the_window(open_window: Opener, seeded_library: Library,
                                            qtbot: QtBot) -> None:
    window = open_window(seeded_library)
    window.safety.start()
    assert seeded_library.backups.newest_first() == []  # nothing before the first paint
    qtbot.waitUntil(lambda: bool(seeded_library.backups.newest_first()), timeout=5000)


def test_new_dialogs_name_every_control(open_window: Opener, seeded_library: Library) -> None:
    window = open_window(seeded_library)
    dialogs = [
        window.safety.backups.open_dialog(),
        ExportChoiceDialog(6, 2, window),
        WorkProgressDialog("Export", "Writing…", "articles", True, window),
        window.safety.trash_bar,
        window.banner,
    ]
    unnamed = [
        f"{type(widget).__name__} in {type(dialog).__name__}"
        for dialog in dialogs
        for kind in (QAbstractButton, QAbstractItemView, QLabel)
        for widget in dialog.findChildren(kind)
        if not widget.accessibleName().strip()
    ]
    assert unnamed == []


def test_the_daily_backup_keeps_as_many_as_the_setting_says(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from unittest.mock import patch

    from PySide6.QtWidgets import QWidget

    from ui.dialogs.backups_dialog import BackupController
    from ui.tasks import ImmediateRunner

    (tmp_path / "a.txt").write_text("A story\n\nSomething happened somewhere to someone.\n")
    with Library.open(tmp_path / "lib.sqlite3") as library:
        library.import_paths([tmp_path / "a.txt"])
        for _ in range(4):
            library.backups.make("daily")
        host = QWidget()
        qtbot.addWidget(host)
        controller = BackupController(library, ImmediateRunner(), host, keep=2)
        with patch("reader.store.backups.integrity_problems", return_value=[]), patch(
            "reader.store.backups.daily_backup_due", return_value=True
        ):
            controller.check_at_startup()
        assert len([b for b in library.backups.newest_first() if b.label == "daily"]) == 2


def test_reading_in_the_trash_does_not_mark_read(
    open_window: Opener, seeded_library: Library
) -> None:
    """An article looked at in the Trash comes back from it as unread as it went in."""
    ids = seeded_library.article_ids()
    seeded_library.set_read(ids, False)
    seeded_library.delete_articles(ids[:2])
    window = open_window(seeded_library)
    window.sidebar.select_filter(View.TRASH, None)
    _select(window, [0])
    _select(window, [1])
    assert window.detail.tags.article_id() in ids[:2]  # an article of the Trash is shown
    assert not any(summary.read for summary in seeded_library.summaries(ids[:2]))
    window.sidebar.select_filter(View.ALL, None)
    _select(window, [1])  # (the first is shown by the window's choice, and not marked)
    assert seeded_library.summaries([window.list.current_article_id()])[0].read


def test_a_read_only_library_is_read_with_every_change_greyed(
    open_window: Opener, seeded_library: Library, qtbot: QtBot
) -> None:
    first = seeded_library.article_ids()[0]
    seeded_library.add_tags([first], ["kept"])
    seeded_library.set_note(first, "Old note")
    seeded_library.close()
    library = Library.open(seeded_library.path, read_only=True)
    try:
        window = open_window(library)
        assert window.windowTitle() == f"Broadsheet - {library.path.name} (read-only)"
        assert window.banner.isVisible() and "read-only" in window.banner.label.text()
        window.list.select_id(first)
        pane = _pane(window)
        assert pane.note.toPlainText() == "Old note" and pane.note.isReadOnly()
        assert not pane.tags.edit.isEnabled()
        assert [chip.remove_button.isHidden() for chip in pane.tags.chips()] == [True]
        assert not pane.edit_button.isEnabled()
        for name in ("star", "toggle_read", "add_tag", "highlight", "delete", "import_files",
                     "import_folder", "import_links", "restore_export", "save_search",
                     "empty_trash"):
            assert not window.actions_[name].isEnabled(), name
        assert window.actions_["export"].isEnabled()
        assert not library.summaries([first])[0].read  # opening it wrote nothing
        pane.note.setFocus()
        qtbot.keyClicks(pane.note, "more")
        assert pane.note.toPlainText() == "Old note"
        window.sidebar.select_filter(View.ALL, "kept")
        assert window.model.ids() == [first]
        library.backups.make()  # its folder is writable here: a copy can still be taken
        dialog = window.safety.backups.open_dialog()
        assert dialog.list.topLevelItemCount() == 1
        assert not dialog.restore_button.isEnabled()  # but nothing can replace the file
        dialog.close()
    finally:
        library.close()

