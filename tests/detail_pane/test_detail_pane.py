"""The detail pane: reading view, tags, note and highlights against a real temporary library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QWidget,
)
from pytestqt.qtbot import QtBot

from reader import BroadsheetError, Library
from tests.detail_pane.pane_env import MARKUP, Env


def test_placeholder_then_article_with_heading(env: Env) -> None:
    assert env.pane.current_article_id() is None
    assert env.pane.placeholder.isVisible()
    env.pane.set_article(env.story)
    assert env.pane.current_article_id() == env.story
    assert not env.pane.placeholder.isVisible()
    document = env.pane.view.text.document()
    block = document.begin()
    headings = []
    while block.isValid():
        if block.blockFormat().headingLevel() > 1:
            headings.append(block.text())
        block = block.next()
    assert headings == ["Background"]
    assert "Lead paragraph text here" in document.toPlainText()
    assert env.library.article(env.story).read  # mark_read_on_open


def test_markup_is_shown_as_text(env: Env) -> None:
    env.pane.set_article(env.markup)
    document = env.pane.view.text.document()
    assert MARKUP in document.toPlainText()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            assert not iterator.fragment().charFormat().isImageFormat()
            iterator += 1
        block = block.next()
    assert env.pane.view.text.loadResource(2, "http://example.com/a.png") is None


def test_tag_completion_adds_existing_tag(env: Env, qtbot: QtBot) -> None:
    env.library.add_tags([env.markup], ["korea"])
    env.pane.set_article(env.story)
    field = env.pane.tags
    qtbot.keyClicks(field.edit, "kor")
    completer = field.completer
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "korea"
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(env.library.article(env.story).tags), timeout=1000)
    assert [t.name for t in env.library.article(env.story).tags] == ["korea"]
    assert field.edit.text() == ""
    assert [chip.name for chip in field.chips()] == ["korea"]


def _tab_neighbour(widget: QWidget, step: int) -> QWidget:
    """The widget Tab (step 1) or Shift+Tab (-1) goes to from ``widget``: the next one in
    the focus chain that takes focus and is shown."""
    found = widget
    while True:
        found = found.nextInFocusChain() if step > 0 else found.previousInFocusChain()
        if found.focusPolicy() & Qt.FocusPolicy.TabFocus and found.isVisibleTo(found.window()):
            return found


def test_chips_follow_the_article_shown(env: Env) -> None:
    """Chips are kept from one article to the next and given the new tags: the names, the ×
    buttons' names and Tab order (the chips' ×, then the field) are the new article's."""
    env.library.add_tags([env.story], ["asia", "security"])
    env.library.set_tag_color("asia", "#d64541")
    env.library.add_tags([env.markup], ["markets"])
    env.pane.set_article(env.story)
    env.pane.set_article(env.markup)
    field = env.pane.tags
    assert [chip.name for chip in field.chips()] == ["markets"]
    assert [chip.remove_button.accessibleName() for chip in field.chips()] == [
        "Remove tag markets"]
    visible = [c for c in field.findChildren(QWidget, "tagChip") if c.isVisibleTo(env.pane)]
    assert visible == field.chips()
    assert _tab_neighbour(field.edit, -1) is field.chips()[0].remove_button

    env.pane.set_article(env.story)
    chips = field.chips()
    assert [chip.name for chip in chips] == ["asia", "security"]
    assert all(chip.isVisibleTo(env.pane) for chip in chips)
    assert _tab_neighbour(chips[0].remove_button, 1) is chips[1].remove_button
    assert _tab_neighbour(chips[1].remove_button, 1) is field.edit
    chips[1].remove_button.click()  # the × of a chip given a new tag removes that tag
    assert [t.name for t in env.library.article(env.story).tags] == ["asia"]


def test_tag_case_does_not_make_a_second_tag(env: Env, qtbot: QtBot) -> None:
    env.library.add_tags([env.markup], ["korea"])
    env.pane.set_article(env.story)
    qtbot.keyClicks(env.pane.tags.edit, "KOREA")
    env.pane.tags.completer.popup().hide()
    qtbot.keyClick(env.pane.tags.edit, Qt.Key.Key_Return)
    assert [t.name for t in env.library.tags()] == ["korea"]
    assert [t.name for t in env.library.article(env.story).tags] == ["korea"]


def test_add_to_many_and_remove_chip(env: Env) -> None:
    env.pane.set_article(env.story)
    assert env.pane.tags.add_to([env.story, env.markup], "asia/korea, security")
    assert {t.name for t in env.library.article(env.markup).tags} == {"asia/korea", "security"}
    chips = env.pane.tags.chips()
    assert [c.remove_button.accessibleName() for c in chips] == [
        "Remove tag asia/korea",
        "Remove tag security",
    ]
    chips[0].remove_button.click()
    assert [t.name for t in env.library.article(env.story).tags] == ["security"]
    assert [chip.name for chip in env.pane.tags.chips()] == ["security"]


def test_note_survives_closing(env: Env, qtbot: QtBot) -> None:
    env.pane.set_article(env.story)
    qtbot.keyClicks(env.pane.note, "Remember the January test")
    env.pane.close()
    with Library.open(env.path / "lib.sqlite3") as again:
        assert again.note(env.story).text == "Remember the January test"


def test_note_saves_after_typing_stops(env: Env, qtbot: QtBot) -> None:
    env.pane.set_article(env.story)
    qtbot.keyClicks(env.pane.note, "abc")
    assert env.pane.note.is_dirty()  # not written on every keystroke
    qtbot.waitUntil(lambda: env.library.note(env.story).text == "abc", timeout=1500)
    assert not env.pane.note.is_dirty()
    assert env.pane.note.status_label.text() == "Saved"


def test_note_saved_on_switch_and_kept_when_saving_fails(
    env: Env, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    env.pane.set_article(env.story)
    qtbot.keyClicks(env.pane.note, "first")
    env.pane.set_article(env.markup)
    assert env.library.note(env.story).text == "first"
    assert env.pane.note.toPlainText() == ""

    def refuse(edit: object) -> None:
        raise BroadsheetError("the disk is full")

    monkeypatch.setattr(env.library, "apply", refuse)
    qtbot.keyClicks(env.pane.note, "kept")
    assert env.pane.flush() is False
    assert "the disk is full" in env.pane.note.status_label.text()
    assert env.pane.note.toPlainText() == "kept"
    env.pane.set_article(env.story)  # switching away does not lose it either
    env.pane.set_article(env.markup)
    assert env.pane.note.toPlainText() == "kept"
    monkeypatch.undo()
    assert env.pane.flush() is True
    assert env.library.note(env.markup).text == "kept"


def test_refresh_keeps_unsaved_note_and_cursor(env: Env, qtbot: QtBot) -> None:
    env.pane.set_article(env.story)
    qtbot.keyClicks(env.pane.note, "draft in progress")
    cursor = env.pane.note.textCursor()
    cursor.setPosition(5)
    env.pane.note.setTextCursor(cursor)
    env.library.add_tags([env.story], ["elsewhere"])  # a change to the shown article
    assert env.pane.note.toPlainText() == "draft in progress"
    assert env.pane.note.textCursor().position() == 5
    assert [chip.name for chip in env.pane.tags.chips()] == ["elsewhere"]


def test_highlight_from_selection_is_stored_exactly(env: Env) -> None:
    env.pane.set_article(env.story)
    body = env.library.article(env.story).body
    start = body.index("more words")
    end = body.index(", carried")
    env.select_body(start, end)
    assert env.pane.highlight_selection()
    (mark,) = env.library.highlights(env.story)
    assert (mark.start, mark.end, mark.text) == (start, end, "more words 😀 and an emoji")
    assert mark.color == env.settings.highlight_colors[0].key
    assert len(env.pane.view.text.extraSelections()) == 1
    assert env.pane.highlights.model.rowCount() == 1
    with Library.open(env.path / "lib.sqlite3") as again:
        assert [h.text for h in again.highlights(env.story)] == ["more words 😀 and an emoji"]


def test_highlight_across_paragraphs_and_nothing_selected(env: Env) -> None:
    env.pane.set_article(env.story)
    assert not env.pane.highlight_selection()
    body = env.library.article(env.story).body
    start, end = body.index("neighbours"), body.index("Background") + len("Background")
    env.select_body(start, end)
    assert env.pane.highlight_selection("red")
    (mark,) = env.library.highlights(env.story)
    assert mark.text == body[start:end] and mark.color == "red"


def test_clicking_a_highlight_selects_it_in_the_text(env: Env, qtbot: QtBot) -> None:
    body = env.library.article(env.story).body
    start = body.index("Third paragraph")
    env.library.add_highlight(env.story, start, start + len("Third paragraph"), "green", "why")
    env.pane.set_article(env.story)
    panel = env.pane.highlights
    rect = panel.view.visualRect(panel.model.index(0))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert env.pane.view.text.textCursor().selectedText() == "Third paragraph"
    panel.edit_comment("because")
    panel.set_color("blue")
    assert [(h.comment, h.color) for h in env.library.highlights(env.story)] == [
        ("because", "blue")
    ]
    panel.select(env.library.highlights(env.story)[0].id)
    panel.remove()
    assert env.library.highlights(env.story) == []
    assert panel.model.rowCount() == 0


def test_escape_asks_for_the_list(env: Env, qtbot: QtBot) -> None:
    env.pane.set_article(env.story)
    for widget in (env.pane.tags.edit, env.pane.note):
        with qtbot.waitSignal(env.pane.focus_list_requested, timeout=500):
            qtbot.keyClick(widget, Qt.Key.Key_Escape)


def test_offsets_round_trip_for_every_character(env: Env) -> None:
    env.pane.set_article(env.story)
    view = env.pane.view
    article = env.library.article(env.story)
    document = view.text.document()
    for block in article.blocks:
        for offset in range(block.start, block.end + 1):
            position = view.doc_position(offset)
            assert view.body_offset(position) == offset
            if offset < block.end:
                cursor = QTextCursor(document)
                cursor.setPosition(position)
                cursor.setPosition(view.doc_position(offset + 1), QTextCursor.MoveMode.KeepAnchor)
                assert cursor.selectedText() == article.body[offset]
    first = view.doc_position(article.blocks[0].start)
    assert view.body_offset(first - 1) is None  # the header is not body
    emoji = view.doc_position(article.body.index("😀"))
    for position in range(first, document.characterCount() - 1):
        offset = view.body_offset(position)
        assert offset is not None
        if position != emoji + 1:  # the second half of a surrogate pair
            assert view.doc_position(offset) == position
