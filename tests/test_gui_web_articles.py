"""Articles from the web in the window: the Source column shows the site, Open Original
opens the address (and is greyed out without one), an entry without its text says so in
the list and the article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from reader import Library
from ui.article_list.columns import NOT_FETCHED, Column
from ui.dialogs.import_dialog import article_filter
from ui.window.actions import LIST_MENU, MENUS

DATA = Path(__file__).resolve().parent / "data"
BRIDGE = "https://www.rivertimes.example/news/bridge-reopens"


@pytest.fixture()
def web_library(library: Library, tmp_path: Path) -> Library:
    plain = tmp_path / "plain.txt"
    plain.write_text("Plain text\n\nAn article from a text file, which has no address at all.\n")
    library.import_paths([DATA / "pages" / "singlefile.html", DATA / "pages" / "clip.md",
                          DATA / "readlater" / "instapaper-export.csv", plain])
    return library


def _row_of(window: Any, title: str) -> int:
    model = window.model
    for row in range(model.rowCount()):
        if model.index(row, Column.TITLE).data().startswith(title):
            return row
    raise AssertionError(f"no row titled {title!r}")


def _cell(window: Any, title: str, column: Column) -> str:
    return str(window.model.index(_row_of(window, title), column).data())


def test_the_source_column_shows_the_site(
    open_window: Callable[..., Any], web_library: Library
) -> None:
    window = open_window(web_library)
    assert _cell(window, "Harbour ferry", Column.SOURCE) == "The Kettleness Herald"
    assert _cell(window, "Night trains", Column.SOURCE) == "railwaygazette.example"
    assert _cell(window, "Bridge reopens", Column.SOURCE) == "rivertimes.example"
    assert _cell(window, "Plain text", Column.SOURCE) == ""


def test_open_original_opens_the_address_or_is_greyed_out(
    open_window: Callable[..., Any], web_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url) or True))
    window = open_window(web_library)
    action = window.actions_["open_original"]
    assert any("open_original" in names for _title, names in MENUS)
    assert "open_original" in LIST_MENU
    window.list.select_rows([_row_of(window, "Plain text")], current=_row_of(window, "Plain"))
    assert not action.isEnabled()
    window.list.select_rows([_row_of(window, "Bridge")], current=_row_of(window, "Bridge"))
    assert action.isEnabled()
    action.trigger()
    assert [url.toString() for url in opened] == [BRIDGE]


def test_an_entry_without_text_says_so(
    open_window: Callable[..., Any], web_library: Library
) -> None:
    window = open_window(web_library)
    row = _row_of(window, "Bridge reopens")
    assert window.model.index(row, Column.TITLE).data() == f"Bridge reopens {NOT_FETCHED}"
    window.list.select_rows([row], current=row)
    text = window.detail_widget.view.text.document().toPlainText()
    assert f"Text not fetched. Only the address was saved: {BRIDGE}" in text
    page = _row_of(window, "Harbour ferry")
    window.list.select_rows([page], current=page)
    text = window.detail_widget.view.text.document().toPlainText()
    assert "by Fiona Sinclair" in text and NOT_FETCHED not in text


def test_the_import_dialog_offers_pages_and_exports() -> None:
    offered = article_filter()
    for suffix in ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.xhtml", "*.mhtml",
                   "*.mht", "*.csv", "*.json", "*.zip"):
        assert suffix in offered
