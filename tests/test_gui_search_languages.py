"""Searching every script in the window: the list shows what the index finds, and the words
found are marked in the article as any word is, inside Chinese, Japanese, Korean, Thai,
Khmer and Lao sentences too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel

from reader import Library
from tests.data.languages.make_samples import HERE
from ui.article_list.article_model import Column
from ui.window.main_window import MainWindow

SCRIPTS = ["zh_hans", "zh_hant", "ja", "ko", "th", "km", "lo", "ar", "he", "ru", "el"]
# The article a query finds, how many times the article (title and body) holds it, and the
# first text marked.
SEARCHES = [
    ("地铁", "zh_hans", 3, "地铁"),
    ('"地铁十九号线将延长"', "zh_hans", 1, "地铁十九号线将延长"),
    ("捷運", "zh_hant", 4, "捷運"),
    ("地下鉄", "ja", 2, "地下鉄"),
    ("언어", "ko", 1, "언어"),  # in "언어입니다"
    ("รถไฟฟ้า", "th", 4, "รถไฟฟ้า"),
    ("ភ្នំពេញ", "km", 2, "ភ្នំពេញ"),
    ("ວຽງຈັນ", "lo", 2, "ວຽງຈັນ"),
    ("الرياض", "ar", 2, "الرياض"),
    ("ירושלים", "he", 1, "ירושלים"),  # not "בירושלים" in the title: another word
    ("МЕТРО", "ru", 2, "метро"),
    ("θεσσαλονικης", "el", 1, "Θεσσαλονίκης"),
]


def _search(window: MainWindow, text: str) -> None:
    window.search.setText(text)
    window.finder.run_now()


def test_each_script_is_found_and_marked_in_the_article(
    library: Library, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    files = []
    for name in SCRIPTS:
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text((HERE / f"{name}.txt").read_text(encoding="utf-8"),
                             encoding="utf-8")
    report = library.import_paths(files)
    titles = {Path(item.path).stem: library.article(item.id).title for item in report.imported}
    window = open_window(library)
    view = window.detail_widget.view  # type: ignore[attr-defined]
    label: QLabel = window.detail_widget.match_bar.label  # type: ignore[attr-defined]
    for query, name, count, first in SEARCHES:
        _search(window, query)
        model = window.model
        shown = [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]
        assert shown == [titles[name]], query
        window.list.move_current(0)
        assert len(view.matches) == count, query
        assert label.text() == (f"{count} matches" if count > 1 else "1 match")
        window.actions_["next_match"].trigger()
        assert view.text.textCursor().selectedText() == first, query
