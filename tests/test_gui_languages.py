"""Reading every script: right-to-left articles laid out right to left, titles aligned by
their direction in the list, direction controls kept in their cell, and highlights and
search matches placed right after characters outside the BMP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from reader import Library
from reader.settings import Settings
from tests.data.languages.make_samples import HERE
from ui.article_list.article_delegates import TitleDelegate
from ui.article_list.article_model import ArticleTableModel, Column
from ui.article_pane.reading_pane import ArticleView
from ui.search.query_text import search_terms

RTL = Qt.LayoutDirection.RightToLeft
EMOJI = "🇯🇵👨‍👩‍👧😀 "  # a flag, a joined family and a face: 9 code points, 16 UTF-16 units


class Env:
    def __init__(self, path: Path, qtbot: QtBot) -> None:
        self.library = Library.open(path / "lib.sqlite3")
        files = []
        for name in ("ar", "he", "zh_hans", "ja"):
            files.append(path / f"{name}.txt")
            files[-1].write_text((HERE / f"{name}.txt").read_text(encoding="utf-8"))
        mixed = path / "mixed.txt"
        mixed.write_text(
            (HERE / "ar.txt").read_text(encoding="utf-8").replace("افتتاح", "تدشين", 1)
            + "\nAn English paragraph closes this Arabic article, in its own direction.\n"
        )
        emoji = path / "emoji.txt"
        emoji.write_text(f"絵文字の記事\n\n{EMOJI}東京の地下鉄は新しい路線を建設すると発表した。\n")
        report = self.library.import_paths([*files, mixed, emoji])
        self.ids = {Path(item.path).stem: item.id for item in report.imported}
        self.view = ArticleView(Settings())
        qtbot.addWidget(self.view)
        self.view.resize(900, 700)
        self.view.show()

    def show(self, name: str) -> None:
        self.view.show_article(self.library.article(self.ids[name]))


@pytest.fixture
def env(tmp_path: Path, qtbot: QtBot) -> Iterator[Env]:
    environment = Env(tmp_path, qtbot)
    yield environment
    environment.library.close()


def _blocks(env: Env) -> list[tuple[str, Qt.LayoutDirection]]:
    document = env.view.text.document()
    found = []
    block = document.begin()
    while block.isValid():
        found.append((block.text(), block.textDirection()))
        block = block.next()
    return found


@pytest.mark.parametrize("name", ["ar", "he"])
def test_a_right_to_left_article_reads_right_to_left(env: Env, name: str) -> None:
    env.show(name)
    blocks = _blocks(env)
    # The title, the line under it (in English words: "No date or source") and the body.
    assert len(blocks) > 3 and all(direction == RTL for _text, direction in blocks)


def test_each_paragraph_takes_its_own_direction(env: Env) -> None:
    env.show("mixed")
    directions = {text[:12]: direction for text, direction in _blocks(env)}
    assert directions["An English p"] == Qt.LayoutDirection.LeftToRight
    assert directions["تدشين خط جدي"] == RTL


def test_right_to_left_lines_sit_at_the_right_of_the_column(env: Env) -> None:
    env.show("ar")
    document = env.view.text.document()
    paragraph = document.findBlockByNumber(2)
    layout = document.documentLayout()
    block_rect = layout.blockBoundingRect(paragraph)
    first_line = paragraph.layout().lineAt(0)
    # The first line of a right-to-left paragraph ends flush with the column's right edge.
    assert first_line.naturalTextRect().right() == pytest.approx(block_rect.width(), abs=2)


def test_titles_align_by_their_direction_in_the_list(env: Env) -> None:
    model = ArticleTableModel(env.library)
    model.requery()
    alignment = {}
    for row in range(model.rowCount()):
        index = model.index(row, Column.TITLE)
        alignment[index.data()] = index.data(Qt.ItemDataRole.TextAlignmentRole)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
    right |= Qt.AlignmentFlag.AlignVCenter
    arabic = (HERE / "ar.txt").read_text(encoding="utf-8").split("\n", 1)[0]
    hebrew = (HERE / "he.txt").read_text(encoding="utf-8").split("\n", 1)[0]
    chinese = (HERE / "zh_hans.txt").read_text(encoding="utf-8").split("\n", 1)[0]
    assert alignment[arabic] == right and alignment[hebrew] == right
    assert alignment[chinese] is None  # the style's default: the start of the line

    delegate = TitleDelegate()
    for title, direction in ((arabic, RTL), (chinese, Qt.LayoutDirection.LeftToRight)):
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == title)
        option = QStyleOptionViewItem()
        option.direction = Qt.LayoutDirection.LeftToRight
        delegate.initStyleOption(option, model.index(row, Column.TITLE))
        assert option.direction == direction


def test_a_title_leaves_no_direction_control_open_in_the_list(env: Env) -> None:
    article = env.ids["zh_hans"]
    env.library.update_article(article, title="\u202eevil.exe and more")
    model = ArticleTableModel(env.library)
    model.requery()
    row = model.row_for_id(article)
    assert model.index(row, Column.TITLE).data() == "\u202eevil.exe and more\u202c"


def test_a_highlight_after_emoji_covers_exactly_its_text(env: Env) -> None:
    article = env.library.article(env.ids["emoji"])
    start = article.body.index("地下鉄")
    mark = env.library.add_highlight(article.id, start, start + len("地下鉄"), "yellow")
    env.show("emoji")
    env.view.set_highlights((mark,))
    (selection,) = env.view.text.extraSelections()
    assert selection.cursor.selectedText() == "地下鉄"  # type: ignore[attr-defined]
    assert env.view.body_offset(selection.cursor.selectionStart()) == start  # type: ignore[attr-defined]


def test_search_matches_after_emoji_mark_the_word(env: Env) -> None:
    env.show("emoji")
    env.view.set_search_terms(search_terms("東京の地下鉄は新しい路線を建設すると発表した"))
    env.view.next_match()
    cursor: QTextCursor = env.view.text.textCursor()
    assert cursor.selectedText().startswith("東京")
    assert env.view.body_offset(cursor.selectionStart()) == len(EMOJI)


def test_an_arabic_highlight_is_quoted_at_the_right_of_its_panel(
    env: Env, qtbot: QtBot
) -> None:
    from ui.article_pane.detail_pane import DetailPane
    from ui.library_signals import LibrarySignals

    article = env.library.article(env.ids["ar"])
    start = article.body.index("مطار")
    env.library.add_highlight(article.id, start, start + len("مطار الملك"), "yellow")
    signals = LibrarySignals(env.library)
    pane = DetailPane(env.library, signals, Settings())
    qtbot.addWidget(pane)
    pane.resize(1100, 700)
    pane.show()
    pane.set_article(article.id)
    view = pane.highlights.view
    image = view.viewport().grab().toImage()
    row = view.visualRect(pane.highlights.model.index(0))
    ink = [
        x
        for x in range(row.left() + 20, row.right())
        for y in range(row.top(), row.bottom())
        if image.pixelColor(x, y).lightness() < 100
    ]
    assert ink and min(ink) > row.left() + row.width() // 3  # the text sits at the right
    signals.detach()
