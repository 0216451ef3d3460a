"""User text in the window is shown as written: tag names, titles, comments, queries and
paths that look like HTML reach tooltips, labels and message boxes as plain text, never as
markup Qt guessed they were."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as TextQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reader import Library
from reader.records import ImportReport
from ui.article_list.columns import Column
from ui.dialogs.import_dialog import summary_text
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]
MARKUP = "<b>bold</b> & <i>co</i>"


def shown(text: str) -> str:
    """What Qt shows for ``text`` in a widget that guesses its format."""
    if not TextQt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


@pytest.fixture()
def boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, Any]]]:
    """Every message box the window opens, with its text format, answered at once."""
    opened: list[tuple[str, Any]] = []

    def exec_box(box: QMessageBox) -> int:
        opened.append((box.text(), box.textFormat()))
        return int(QMessageBox.StandardButton.Cancel)

    def static(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        opened.append((text, Qt.TextFormat.AutoText))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, static)
    yield opened


def test_tag_names_in_the_sidebar_are_shown_as_written(
    seeded_library: Library, open_window: WindowFactory
) -> None:
    ids = seeded_library.article_ids()
    seeded_library.add_tags(ids[:1], [f"{MARKUP}/<u>under</u>"])
    window = open_window(seeded_library)
    sidebar = window.sidebar
    leaf = sidebar._tag_items[f"{MARKUP}/<u>under</u>".casefold()]
    group = sidebar._tag_items[MARKUP.casefold()]
    assert MARKUP in shown(group.toolTip())
    assert "<u>under</u>" in shown(leaf.toolTip())


def test_titles_tags_and_comments_in_tooltips_are_shown_as_written(
    seeded_library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    seeded_library.update_article(ids[0], title=f"<h1>Big</h1> {MARKUP}")
    seeded_library.add_tags(ids[:1], ["<s>gone</s>"])
    body = seeded_library.article(ids[0]).body
    seeded_library.add_highlight(ids[0], 0, 5, "yellow", "<b>why</b> this")
    window = open_window(seeded_library)
    model = window.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(Qt.ItemDataRole.DisplayRole).startswith("<h1>"))
    title_tip = model.index(row, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(title_tip) == f"<h1>Big</h1> {MARKUP}"
    tags_tip = model.index(row, Column.TAGS).data(Qt.ItemDataRole.ToolTipRole)
    assert "<s>gone</s>" in shown(tags_tip)
    window.list.select_id(ids[0])
    panel = window.detail_widget.highlights  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    tip = panel.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>why</b> this" in shown(tip)
    assert body  # the highlight is on the article's text


def test_saved_search_queries_are_shown_as_written(
    seeded_library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    seeded_library.save_search("Markup", "<b>harvest</b>")
    window = open_window(seeded_library)
    tree = window.sidebar
    model = tree.model()
    found = []

    def walk(parent: Any) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(Qt.ItemDataRole.DisplayRole) == "Markup":
                found.append(index)
            walk(index)

    walk(tree.rootIndex())
    assert found
    qtbot.waitUntil(lambda: "articles" in str(found[0].data(Qt.ItemDataRole.ToolTipRole)))
    assert "<b>harvest</b>" in shown(found[0].data(Qt.ItemDataRole.ToolTipRole))


def test_message_boxes_show_names_as_written(
    seeded_library: Library, open_window: WindowFactory, boxes: list[tuple[str, Any]]
) -> None:
    ids = seeded_library.article_ids()
    seeded_library.add_tags(ids[:1], [MARKUP])
    window = open_window(seeded_library)
    window.sidebar.delete_tag(MARKUP)  # asks first: the box names the tag
    window.sidebar.delete_tag("<b>no such tag</b>")  # refused: the warning names it
    assert len(boxes) == 2
    assert all(fmt == Qt.TextFormat.PlainText for _text, fmt in boxes), boxes
    assert MARKUP in boxes[0][0]


def test_an_empty_import_says_nothing_was_found() -> None:
    assert summary_text(ImportReport()).startswith("Nothing to import")
    assert "Imported 0" not in summary_text(ImportReport())


def test_a_library_that_cannot_open_is_named_as_written(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, boxes: list[tuple[str, Any]]
) -> None:
    from PySide6.QtWidgets import QDialog, QWidget

    from ui.dialogs import open_library

    def chosen(dialog: open_library.OpenLibraryDialog) -> QDialog.DialogCode:
        dialog.location.setText("ftp://<b>host</b>/news")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(open_library.OpenLibraryDialog, "exec", chosen)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert open_library.open_library_window(parent, None, lambda _lib, _s: QWidget()) is None
    assert [fmt for _text, fmt in boxes] == [Qt.TextFormat.PlainText]
    assert "<b>host</b>" in boxes[0][0]


def test_a_failed_import_names_its_error_as_written(
    seeded_library: Library, open_window: WindowFactory, boxes: list[tuple[str, Any]]
) -> None:
    window = open_window(seeded_library)
    window.importer._done(None, OSError("cannot read <b>x</b>.txt"))
    assert [fmt for _text, fmt in boxes] == [Qt.TextFormat.PlainText]
    assert "<b>x</b>.txt" in boxes[0][0]
