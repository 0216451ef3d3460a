"""Edit > Undo and Redo in the window: every kind of edit is a step, and a write or an undo
the library refuses is said in the banner and leaves the history as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from reader import Library, LibraryUnavailable, View
from reader.edits import AddHighlight, Done, Edit
from ui.article_pane.detail_pane import ArticleDetailsDialog, DetailPane
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


def _select(window: MainWindow, rows: Iterable[int]) -> list[int]:
    chosen = list(rows)
    window.list.select_rows(chosen, current=chosen[0])
    return window.list.selected_ids()

# --- the Trash and undo -------------------------------------------------------------------------


def test_delete_goes_to_the_trash_and_undo_redo_follow(
    open_window: Opener, seeded_library: Library
) -> None:
    window = open_window(seeded_library)
    ids = _select(window, [0, 1, 2])
    window.actions_["delete"].trigger()  # no confirmation: it can be undone
    counts = seeded_library.counts()
    assert (counts.total, counts.trash) == (3, 3)
    assert window.safety.notice.isVisible()
    assert window.safety.notice.plain_text() == "Moved 3 articles to the Trash — Undo"
    assert window.actions_["undo"].text() == "&Undo Move 3 articles to the Trash"
    assert window.sidebar._view_items[View.TRASH][1].text() == "3"

    _undo(window)
    assert seeded_library.counts().trash == 0
    assert set(ids) <= set(seeded_library.article_ids())
    assert window.actions_["redo"].text() == "&Redo Move 3 articles to the Trash"
    _redo(window)
    assert seeded_library.counts().trash == 3
    assert not set(ids) & set(seeded_library.article_ids())


def test_undoing_a_delete_selects_what_came_back(
    open_window: Opener, seeded_library: Library
) -> None:
    window = open_window(seeded_library)
    ids = _select(window, [1, 2])
    window.actions_["delete"].trigger()
    assert not set(window.list.selected_ids()) & set(ids)  # the next row was chosen
    _undo(window)
    assert window.list.selected_ids() == ids
    assert window.list.current_article_id() == ids[0]


def test_the_undo_link_in_the_status_bar_undoes(
    open_window: Opener, seeded_library: Library
) -> None:
    window = open_window(seeded_library)
    _select(window, [0])
    window.actions_["delete"].trigger()
    window.safety.notice.linkActivated.emit("undo")
    assert seeded_library.counts().trash == 0
    assert not window.safety.notice.isVisible()


def test_star_read_and_tags_undo_and_redo(
    open_window: Opener, seeded_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seeded_library)
    ids = _select(window, [0, 1])
    seeded_library.set_starred(ids[:1])  # one starred already: undo must keep it starred
    window.actions_["star"].trigger()
    assert all(s.starred for s in seeded_library.summaries(ids))
    assert window.actions_["undo"].text() == "&Undo Star 2 articles"
    _undo(window)
    assert [s.starred for s in seeded_library.summaries(ids)] == [True, False]
    _redo(window)
    assert all(s.starred for s in seeded_library.summaries(ids))

    seeded_library.set_read(ids, False)
    window.actions_["toggle_read"].trigger()
    assert all(s.read for s in seeded_library.summaries(ids))
    _undo(window)
    assert not any(s.read for s in seeded_library.summaries(ids))

    seeded_library.add_tags(ids[:1], ["kept"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("fresh", True))
    window.actions_["add_tag"].trigger()
    assert all("fresh" in {t.name for t in s.tags} for s in seeded_library.summaries(ids))
    _undo(window)
    assert not any("fresh" in {t.name for t in s.tags} for s in seeded_library.summaries(ids))
    assert "fresh" not in {t.name for t in seeded_library.tags()}  # made by the step, gone
    assert "kept" in {t.name for t in seeded_library.summaries(ids[:1])[0].tags}
    _redo(window)
    assert all("fresh" in {t.name for t in s.tags} for s in seeded_library.summaries(ids))
    # Tagging again changes nothing, so it adds no step to undo.
    steps = window.history.stack.count()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("FRESH", True))
    window.actions_["add_tag"].trigger()
    assert window.history.stack.count() == steps


def test_tag_chip_removal_is_undone(open_window: Opener, seeded_library: Library) -> None:
    window = open_window(seeded_library)
    (article_id,) = _select(window, [0])
    seeded_library.add_tags([article_id], ["asia", "politics"])
    pane = _pane(window)
    chip = next(c for c in pane.tags.chips() if c.name == "asia")
    chip.remove_button.click()
    assert [t.name for t in seeded_library.article_tags(article_id)] == ["politics"]
    assert window.actions_["undo"].text() == "&Undo Remove tag “asia”"
    _undo(window)
    assert {t.name for t in seeded_library.article_tags(article_id)} == {"asia", "politics"}
    assert {c.name for c in pane.tags.chips()} == {"asia", "politics"}


def test_removed_highlight_comes_back_under_its_id_and_earlier_steps_apply(
    open_window: Opener, seeded_library: Library
) -> None:
    window = open_window(seeded_library)
    (article_id,) = _select(window, [0])
    pane = _pane(window)
    mark = window.history.make(AddHighlight(article_id, 2, 12, "yellow", "worth a look"))
    assert mark is not None
    pane.highlights.select(mark.id)
    pane.highlights.set_color("red")
    pane.highlights.select(mark.id)
    pane.highlights.remove()
    assert seeded_library.highlights(article_id) == []
    _undo(window)  # the removal: back with its id, range, colour and comment
    (back,) = seeded_library.highlights(article_id)
    assert (back.id, back.start, back.end, back.color, back.comment) == (
        mark.id, 2, 12, "red", "worth a look")
    _undo(window)  # the recolour, on the re-made highlight
    assert seeded_library.highlights(article_id)[0].color == "yellow"
    _undo(window)  # the highlight itself
    assert seeded_library.highlights(article_id) == []
    _redo(window)
    _redo(window)
    _redo(window)
    assert seeded_library.highlights(article_id) == []
    _undo(window)
    assert seeded_library.highlights(article_id)[0].color == "red"


def test_edit_details_is_undone_and_redone(
    open_window: Opener, seeded_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seeded_library)
    (article_id,) = _select(window, [0])
    before = seeded_library.article(article_id)
    shown: list[ArticleDetailsDialog] = []

    def fill_in(dialog: ArticleDetailsDialog) -> int:
        shown.append(dialog)
        dialog.title_edit.setText("A better title")
        dialog.source_edit.setText("Wire")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ArticleDetailsDialog, "exec", fill_in)
    _pane(window).edit_button.click()
    assert shown and seeded_library.article(article_id).title == "A better title"
    assert window.actions_["undo"].text() == "&Undo Edit details"
    _undo(window)
    after_undo = seeded_library.article(article_id)
    assert (after_undo.title, after_undo.source) == (before.title, before.source)
    assert window.model.cached_summary(article_id).title == before.title  # type: ignore[union-attr]
    _redo(window)
    redone = seeded_library.article(article_id)
    assert (redone.title, redone.source) == ("A better title", "Wire")


def test_a_stretch_of_note_editing_is_one_undo_step(
    open_window: Opener, seeded_library: Library, qtbot: QtBot
) -> None:
    window = open_window(seeded_library)
    (article_id,) = _select(window, [0])
    seeded_library.set_note(article_id, "First thoughts.")
    editor = _pane(window).note
    qtbot.waitUntil(lambda: editor.toPlainText() == "First thoughts.")
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " More")
    editor.flush()  # an autosave along the way is not a step of its own
    qtbot.keyClicks(editor, " later.")
    window.list.setFocus()  # the stretch ends when the editor loses focus
    qtbot.waitUntil(lambda: not editor.hasFocus())
    assert seeded_library.note(article_id).text == "First thoughts. More later."
    assert window.actions_["undo"].text() == "&Undo Edit note"
    _undo(window)
    assert seeded_library.note(article_id).text == "First thoughts."
    assert editor.toPlainText() == "First thoughts."
    _redo(window)
    assert editor.toPlainText() == "First thoughts. More later."


def test_ctrl_z_in_the_note_editor_undoes_typing_only(
    open_window: Opener, seeded_library: Library, qtbot: QtBot
) -> None:
    window = open_window(seeded_library)
    (article_id,) = _select(window, [0])
    window.actions_["star"].trigger()
    assert seeded_library.article(article_id).starred
    editor = _pane(window).note
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() != "abc"  # the editor's own undo
    assert seeded_library.article(article_id).starred  # the global one did not run
    qtbot.keyClick(editor, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == "abc"
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert seeded_library.note(article_id).text == ""  # the note stretch, undone globally
    assert seeded_library.article(article_id).starred


# --- refused writes -----------------------------------------------------------------------------


class BusyLibrary(Library):
    """A library whose writes are refused, as when another program holds the write lock."""

    busy = True

    def _refuse(self) -> None:
        if self.busy:
            raise LibraryUnavailable(BUSY)

    def apply(self, edit: Edit[T]) -> Done[T]:
        self._refuse()
        return super().apply(edit)


def test_a_refused_write_is_said_and_reading_goes_on(
    tmp_path: Path, sample_files: list[Path], open_window: Opener, qtbot: QtBot,
) -> None:
    library = BusyLibrary(tmp_path / "busy.sqlite3")
    library.busy = False
    library.import_paths(sample_files)
    library.busy = True
    try:
        window = open_window(library)
        (first,) = _select(window, [0])
        window.actions_["star"].trigger()
        assert not library.article(first).starred
        assert window.banner.isVisible()
        assert BUSY in window.banner.label.text()
        assert BUSY in window.statusBar().currentMessage()
        assert not window.history.can_undo()  # nothing happened, so nothing to undo

        window.list.setFocus()
        qtbot.keyClick(window.list, Qt.Key.Key_J)  # reading carries on
        second = window.list.current_article_id()
        assert second is not None and second != first
        assert _pane(window).current_article_id() == second
        assert library.article(second).title in _pane(window).view.text.toPlainText()

        editor = _pane(window).note
        editor.setPlainText("words that must not be lost")
        assert not editor.flush()
        assert BUSY in editor.status_label.text() and "kept" in editor.status_label.text()
        library.busy = False
        assert editor.flush()
        assert library.note(second).text == "words that must not be lost"
        window.close()
    finally:
        library.close()


def test_an_undo_the_library_refuses_stays_available(
    tmp_path: Path, sample_files: list[Path], open_window: Opener, qtbot: QtBot,
) -> None:
    library = BusyLibrary(tmp_path / "busy.sqlite3")
    library.busy = False
    library.import_paths(sample_files)
    try:
        window = open_window(library)
        (article_id,) = _select(window, [0])
        window.actions_["delete"].trigger()
        library.busy = True
        _undo(window)
        assert BUSY in window.banner.label.text()
        qtbot.waitUntil(window.history.can_undo)
        assert window.actions_["undo"].text() == "&Undo Move article to the Trash"
        library.busy = False
        _undo(window)
        assert article_id in library.article_ids()
        window.close()
    finally:
        library.close()


def test_an_undo_whose_articles_are_gone_for_good_is_dropped_with_a_message(
    open_window: Opener, seeded_library: Library
) -> None:
    window = open_window(seeded_library)
    (article_id,) = _select(window, [0])
    window.actions_["star"].trigger()
    window.actions_["delete"].trigger()
    seeded_library.empty_trash()  # beside the window: the article is gone for good
    _undo(window)
    assert "Cannot undo Move article to the Trash: no article with id" in (
        window.banner.label.text())
    assert window.actions_["undo"].text() == "&Undo Star article"  # the step went, not more
    assert article_id not in seeded_library.article_ids()
