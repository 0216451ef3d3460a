"""The article pane, continued: zoom, the details dialog, accessible names, and the reading
place and selection kept across a refresh."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reader.settings import Settings
from tests.detail_pane.pane_env import Env
from ui.article_pane.detail_pane import ArticleDetailsDialog


def test_zoom_changes_and_remembers_font_size(env: Env, qtbot: QtBot) -> None:
    env.pane.set_article(env.story)
    size = env.settings.reading_font_size
    with qtbot.waitSignal(env.pane.reading_font_size_changed):
        env.pane.zoom_in()
    assert env.settings.reading_font_size == size + 1
    assert env.pane.view.text.document().defaultFont().pointSize() == size + 1
    env.pane.zoom_out()
    env.pane.zoom_out()
    assert env.settings.reading_font_size == size - 1
    env.pane.zoom_reset()
    assert env.settings.reading_font_size == Settings().reading_font_size


def test_edit_details_shows_problems_inline(env: Env) -> None:
    env.pane.set_article(env.story)
    article = env.library.article(env.story)
    dialog = ArticleDetailsDialog(env.pane.history, article, env.pane)
    dialog.date_edit.setText("2024-02-30")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.error_label.isHidden()
    dialog.date_edit.setText("21 March 2024")
    dialog.source_edit.setText("Wire")
    dialog.title_edit.setText("A better title")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    changed = env.library.article(env.story)
    assert (changed.title, changed.published, changed.source) == (
        "A better title",
        date(2024, 3, 21),
        "Wire",
    )
    assert env.pane.view.text.document().firstBlock().text() == "A better title"
    assert "Wire" in env.pane.view.text.document().toPlainText()


def test_every_control_has_an_accessible_name(env: Env) -> None:
    env.library.add_tags([env.story], ["korea"])
    env.library.add_highlight(env.story, 1, 10, "yellow", "")
    env.pane.set_article(env.story)
    article = env.library.article(env.story)
    dialog = ArticleDetailsDialog(env.pane.history, article, env.pane)
    interactive = (QAbstractButton, QLineEdit, QAbstractItemView, QTextEdit, QPlainTextEdit)
    for root in (env.pane, dialog):
        widgets = [root, *root.findChildren(QWidget)]
        controls = [w for w in widgets if isinstance(w, interactive)]
        assert controls
        unnamed = [type(w).__name__ for w in controls if not w.accessibleName()]
        assert unnamed == []


def test_refresh_keeps_the_reading_position(env: Env, qtbot: QtBot) -> None:
    long_text = "".join(f"Paragraph {n} goes on with enough words to wrap.\n\n" for n in range(300))
    (env.path / "long.txt").write_text(" date 2024-03-20 " + long_text, encoding="utf-8")
    article_id = env.library.import_paths([env.path / "long.txt"]).imported[0].id
    env.pane.set_article(article_id)
    view = env.pane.view
    body = env.library.article(article_id).body
    view.select_range(body.index("Paragraph 200"), body.index("Paragraph 200") + 13)
    qtbot.wait(10)

    def top() -> int | None:
        return view.body_offset(view.text.cursorForPosition(QPoint(0, 0)).position())

    before = top()
    assert before is not None and before > body.index("Paragraph 150")
    env.library.add_tags([article_id], ["long"])  # re-renders the header
    assert top() == before
    env.pane.zoom_in()
    assert top() == before


def test_a_selection_survives_zoom_and_a_header_change(env: Env, qtbot: QtBot) -> None:
    """Selecting text to highlight, then zooming or tagging first, keeps the selection."""
    env.pane.set_article(env.story)
    view = env.pane.view
    body = env.library.article(env.story).body
    start = body.index("Background")
    view.select_range(start, start + len("Background"))
    env.pane.zoom_in()
    assert view.selection_range() == (start, start + len("Background"))
    env.library.add_tags([env.story], ["a much longer tag name that changes the header"])
    assert view.text.textCursor().selectedText() == "Background"
    assert view.selection_range() == (start, start + len("Background"))
