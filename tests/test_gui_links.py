"""Links in the window: pasting (Ctrl+V, Edit > Paste Link) or dropping a link imports its
page through the same import as files, and Article > Fetch Text downloads the pages of
articles saved with only their address. Pages come from a server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from link_pages import PROSE, article_page, saved_without_text
from local_http import LocalServer, page, silent_for
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reader import ImportReport, Library
from ui.tasks import TaskRunner
from ui.window.actions import LIST_MENU, MENUS
from ui.window.incoming import NOTHING_TO_PASTE
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]



def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def _titles(window: MainWindow) -> list[str]:
    return sorted(str(window.model.index(row, 0).data())
                  for row in range(window.model.rowCount()))


def _summaries(window: MainWindow) -> list[ImportReport]:
    shown: list[ImportReport] = []
    window.importer.show_summary = shown.append
    return shown


# --- paste -----------------------------------------------------------------------------------


def test_ctrl_v_on_the_list_imports_the_link_on_the_clipboard(
    server: LocalServer, library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    url = server.route("/bridge", page(article_page("bridge")))
    window = open_window(library)
    summaries = _summaries(window)
    assert any("paste_link" in names for title, names in MENUS if title == "&Edit")
    QApplication.clipboard().setText(f"  {url}\n")
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _titles(window) == ["Bridge"]
    (summary,) = library.list_articles()
    assert library.article(summary.id).body.endswith(PROSE["bridge"])
    assert summary.url == url
    assert _status(window) == "Imported 1 article." and summaries == []

    dead = server.url("/gone")
    QApplication.clipboard().setText(dead)
    window.actions_["paste_link"].trigger()  # Edit > Paste Link
    (report,) = summaries
    assert [(item.path, item.reason) for item in report.failed] == [
        (dead, "the server answered 404 Not Found")]


def test_an_empty_library_says_a_link_can_be_pasted_and_takes_one(
    server: LocalServer, library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    url = server.route("/tram", page(article_page("tram")))
    window = open_window(library)
    assert window.list_stack.currentWidget() is window.empty
    assert "web links" in window.empty.hint.text()
    assert window.empty.hint.text().endswith("paste a link with Ctrl+V")
    QApplication.clipboard().setText(url)
    window.empty.button.setFocus()  # where the focus is in an empty library
    qtbot.keyClick(window.empty.button, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _titles(window) == ["Tram"]
    assert window.list_stack.currentWidget() is not window.empty


def test_ctrl_v_in_a_text_field_pastes_text_there(
    server: LocalServer, library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    url = server.route("/bridge", page(article_page("bridge")))
    window = open_window(library)
    QApplication.clipboard().setText(url)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.search.text() == url
    assert server.requests == [] and library.counts().total == 0


@pytest.mark.parametrize("clipboard", ["harbour works", "mailto:desk@example.com",
                                       "https://example.com/a and more words", ""])
def test_pasting_what_is_no_link_says_so(
    library: Library, open_window: WindowFactory, clipboard: str
) -> None:
    window = open_window(library)
    QApplication.clipboard().setText(clipboard)
    window.actions_["paste_link"].trigger()
    assert _status(window) == NOTHING_TO_PASTE
    assert library.counts().total == 0


def test_paste_is_greyed_out_on_a_read_only_library(
    library: Library, open_window: WindowFactory
) -> None:
    Library.open(library.path).close()
    with Library.open(library.path, read_only=True) as read_only:
        window = open_window(read_only)
        assert not window.actions_["paste_link"].isEnabled()
        assert not window.acceptDrops()


# --- drop ------------------------------------------------------------------------------------


def _drag(window: MainWindow, data: QMimeData) -> bool:
    point = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    window.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    return True


def test_a_link_dropped_on_the_window_is_imported_beside_files(
    server: LocalServer, library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    url = server.route("/tram", page(article_page("tram")))
    note = tmp_path / "orchard.txt"
    note.write_text(f"Orchard\n\n{PROSE['orchard']}\n", encoding="utf-8")
    window = open_window(library)
    data = QMimeData()
    data.setUrls([QUrl(url), QUrl.fromLocalFile(str(note))])  # as a browser or a file manager
    assert _drag(window, data)
    assert _titles(window) == ["Orchard", "Tram"]
    assert {summary.url for summary in library.list_articles()} == {url, None}


def test_a_link_dragged_as_text_is_imported(
    server: LocalServer, library: Library, open_window: WindowFactory
) -> None:
    url = server.route("/tram", page(article_page("tram")))
    window = open_window(library)
    data = QMimeData()
    data.setText(url)
    assert _drag(window, data)
    assert _titles(window) == ["Tram"]


@pytest.mark.parametrize("dragged", [QUrl("mailto:desk@example.com"),
                                     QUrl("javascript:alert(1)"), QUrl("ftp://example.com/a")])
def test_what_is_neither_a_file_nor_a_web_link_is_not_taken(
    library: Library, open_window: WindowFactory, dragged: QUrl
) -> None:
    window = open_window(library)
    data = QMimeData()
    data.setUrls([dragged])
    assert not _drag(window, data)


# --- Fetch Text ------------------------------------------------------------------------------


def _shown_text(window: MainWindow) -> str:
    return str(window.detail_widget.view.text.document().toPlainText())  # type: ignore[attr-defined]


def _select(window: MainWindow, article_id: int) -> None:
    row = window.model.row_for_id(article_id)
    assert row is not None
    window.list.select_rows([row], current=row)


def test_an_import_says_which_articles_have_only_their_address(
    library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    export = tmp_path / "instapaper.csv"
    export.write_text("URL,Title,Selection,Folder,Timestamp,Tags\n"
                      "https://news.example/bridge,Bridge vote,,Unread,1729670400,[]\n"
                      "https://news.example/tram,Tram opens,,Unread,1729670400,[]\n")
    window = open_window(library)
    shown = _summaries(window)
    window.import_paths([str(export), str(Path(__file__).parent / "data" / "seed_article.txt")])
    assert _status(window) == (
        "Imported 3 articles. 2 of the 3 imported have only their web address: Article ▸ "
        "Fetch Text downloads the text of those selected (search is:unfetched to list them).")
    assert shown == []

    single = tmp_path / "one.csv"
    single.write_text("URL,Title,Selection,Folder,Timestamp,Tags\n"
                      "https://news.example/orchard,Orchard,,Unread,1729670400,[]\n")
    window.import_paths([str(single)])
    assert _status(window) == ("Imported 1 article. The article imported has only its web "
                               "address: Article ▸ Fetch Text downloads its text.")


def test_fetch_text_gives_the_article_its_page(
    server: LocalServer, library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    url = server.route("/bridge", page(article_page("bridge")))
    ids = saved_without_text(tmp_path, library, {"Bridge vote": url})
    library.import_paths([Path(__file__).parent / "data" / "seed_article.txt"])
    window = open_window(library)
    action = window.actions_["fetch_text"]
    assert "fetch_text" in LIST_MENU
    assert any("fetch_text" in names for title, names in MENUS if title == "&Article")
    seed = next(s.id for s in library.list_articles() if s.id != ids["Bridge vote"])
    _select(window, seed)
    assert not action.isEnabled()  # its text is there
    _select(window, ids["Bridge vote"])
    assert "Fetch Text downloads it" in _shown_text(window)
    assert action.isEnabled()

    action.trigger()
    assert library.article(ids["Bridge vote"]).body.endswith(PROSE["bridge"])
    assert PROSE["bridge"] in _shown_text(window)  # the article pane shows it at once
    assert not action.isEnabled()
    assert _status(window) == "Fetched the text of 1 article."
    row = window.model.row_for_id(ids["Bridge vote"])
    assert window.model.index(row, 0).data() == "Bridge vote"  # no "(text not fetched)"


def test_a_page_that_cannot_be_fetched_says_why(
    server: LocalServer, library: Library, open_window: WindowFactory, tmp_path: Path
) -> None:
    pdf = server.route("/report.pdf", page(b"%PDF-1.7", "application/pdf"))
    missing = server.url("/missing")
    ids = saved_without_text(tmp_path, library, {"Report": pdf, "Missing": missing})
    window = open_window(library)
    window.list.selectAll()
    window.actions_["fetch_text"].trigger()
    assert _status(window) == "The text of 2 articles could not be fetched."
    box = window.incoming.fetcher.problems
    assert isinstance(box, QMessageBox) and box.isVisible()
    details = box.detailedText()
    assert f"{pdf}\n    the link leads to a PDF document, not a web page" in details
    assert f"{missing}\n    the server answered 404 Not Found" in details
    box.close()
    assert {s.id for s in library.search("is:unfetched")} == set(ids.values())


def test_a_slow_fetch_runs_in_the_background_and_can_be_cancelled(
    server: LocalServer, library: Library, open_window: WindowFactory, tmp_path: Path,
    qtbot: QtBot
) -> None:
    slow = server.route("/slow", silent_for(30, server))
    ids = saved_without_text(tmp_path, library, {"Slow": slow})
    runner = TaskRunner()
    window = open_window(library, runner)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    _select(window, ids["Slow"])
    window.actions_["fetch_text"].trigger()
    assert window.incoming.fetcher.running  # the window is not waiting for the server
    assert _status(window) == "Fetching text…"
    qtbot.waitUntil(lambda: _progress_shown(window), timeout=3000)
    _cancel_progress(window)
    qtbot.waitUntil(lambda: not window.incoming.fetcher.running, timeout=5000)
    assert _status(window) == "Cancelled. No text was fetched."
    assert [s.id for s in library.search("is:unfetched")] == [ids["Slow"]]


def _progress_shown(window: MainWindow) -> bool:
    from ui.dialogs.work_progress import WorkProgressDialog

    return any(d.isVisible() for d in window.findChildren(WorkProgressDialog))


def _cancel_progress(window: MainWindow) -> None:
    from ui.dialogs.work_progress import WorkProgressDialog

    (dialog,) = [d for d in window.findChildren(WorkProgressDialog) if d.isVisible()]
    assert dialog.windowTitle() == "Fetch Text"
    dialog.cancel_button.click()


def test_the_status_line_says_what_was_fetched_and_what_was_not() -> None:
    from reader.records import Fetched, FetchFailed, FetchReport
    from ui.dialogs.fetch_dialog import summary_text

    gone = FetchFailed(2, "http://127.0.0.1/gone", "the server answered 404 Not Found")
    assert summary_text(FetchReport(failed=[gone])) == (
        "The text could not be fetched: the server answered 404 Not Found.")
    both = FetchReport([Fetched(1, "http://127.0.0.1/a")], [gone], cancelled=True)
    assert summary_text(both) == ("Cancelled. Fetched the text of 1 article. The text of "
                                  "1 article could not be fetched.")
    assert summary_text(FetchReport()) == "No article was waiting for its text."


# --- File > Import Links… ----------------------------------------------------------------------


def test_import_links_takes_typed_links_with_tags(
    server: LocalServer, library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    from ui.dialogs.link_dialog import ImportLinksDialog

    bridge = server.route("/bridge", page(article_page("bridge")))
    tram = server.route("/tram", page(article_page("tram")))
    QApplication.clipboard().setText("not a link")
    window = open_window(library)
    assert any("import_links" in names for title, names in MENUS if title == "&File")
    assert window.actions_["import_links"].shortcut().toString() == "Ctrl+L"
    window.actions_["import_links"].trigger()
    dialog = window.findChild(ImportLinksDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.links.toPlainText() == ""  # the clipboard held no link
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.links, "ftp://example.org/x")
    assert not dialog.ok.isEnabled()
    assert dialog.problem.text() == "Line 1 is not a web address: ftp://example.org/x"
    dialog.links.setPlainText(f"{bridge}\n\n  {tram}  \n{bridge}\n")
    assert dialog.ok.isEnabled() and dialog.problem.text() == "2 links to import."
    qtbot.keyClicks(dialog.tags, "later, Web/News")
    for widget in (dialog.links, dialog.tags, dialog.ok, dialog.problem):
        assert widget.accessibleName()
    dialog.ok.click()
    qtbot.waitUntil(lambda: _titles(window) == ["Bridge", "Tram"], timeout=10_000)
    assert {tuple(sorted(t.name for t in s.tags)) for s in library.list_articles()} == {
        ("Web/News", "later")}


def test_import_links_starts_with_the_clipboards_links(
    server: LocalServer, library: Library, open_window: WindowFactory
) -> None:
    from ui.dialogs.link_dialog import ImportLinksDialog

    url = server.route("/bridge", page(article_page("bridge")))
    QApplication.clipboard().setText(f"{url}\n")
    window = open_window(library)
    window.actions_["import_links"].trigger()
    dialog = window.findChild(ImportLinksDialog)
    assert dialog is not None and dialog.links.toPlainText() == url
    dialog.reject()
    assert library.count() == 0


def test_links_in_a_pasted_text() -> None:
    from ui.dialogs.link_dialog import MAX_LINES, NO_LINKS, links_in

    assert links_in(" \n\n") == ([], NO_LINKS)
    assert links_in("https://a.example/1\r\nhttp://b.example/2") == (
        ["https://a.example/1", "http://b.example/2"], "")
    long = "x" * 200
    links, problem = links_in(f"https://a.example/\n{long}")
    assert links == [] and problem == f"Line 2 is not a web address: {'x' * 59}…"
    assert links_in("https://a.example/\n" * (MAX_LINES + 1)) == (
        [], f"At most {MAX_LINES:,} links at once.")
