"""The window shell, continued: the empty state, state saved between runs, accessible names,
and a model that pages through a large library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMenu,
    QMenuBar,
    QToolBar,
)
from pytestqt.qtbot import QtBot

from reader import ArticleQuery, ArticleSummary, Library, SortKey
from ui.app import DisplayCheck, missing_packages
from ui.article_list.article_model import PAGE_SIZE, ArticleTableModel, Column
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


def _imported(library: Library, files: Sequence[Path]) -> list[int]:
    return [item.id for item in library.import_paths(files).imported]


# --- empty state and saved state ---------------------------------------------------------------


def test_empty_state_until_something_is_imported(
    open_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    window = open_window(library)
    assert window.list_stack.currentWidget() is window.empty
    assert window.empty.isVisible()
    assert window.empty.title.text() == "Your library is empty"
    library.import_paths(sample_files[:1])
    assert window.list_stack.currentWidget() is window.list
    assert not window.empty.isVisible()


def test_sort_and_selected_article_are_restored(
    open_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    _imported(library, sample_files)
    first = open_window(library)
    first.model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    first.list.select_rows([3], current=3)
    chosen = first.list.current_article_id()
    first.close()

    second = open_window(library)
    assert second.model.query.sort is SortKey.TITLE and not second.model.query.descending
    assert second.list.horizontalHeader().sortIndicatorSection() == Column.TITLE
    assert second.list.current_article_id() == chosen
    assert second.list.currentIndex().row() == 3


# --- accessibility ------------------------------------------------------------------------------


def test_every_control_has_an_accessible_name(
    open_window: WindowFactory, library: Library, sample_files: list[Path]
) -> None:
    _imported(library, sample_files)
    window = open_window(library)
    unnamed = []
    for action in window.findChildren(QAction):
        owner = action.parent()
        if isinstance(owner, QMenu) and action is owner.menuAction() and not any(
            isinstance(o, QMenu | QMenuBar | QToolBar) for o in action.associatedObjects()
        ):
            continue  # a pop-up's own action, not an item anywhere (its button is named)
        if not action.isSeparator() and not action.text().replace("&", "").strip():
            unnamed.append(f"action {action.objectName()!r} in {type(action.parent()).__name__}")
    for kind in (QAbstractButton, QLineEdit, QAbstractItemView):
        for widget in window.findChildren(kind):
            if not widget.accessibleName().strip():
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == [], unnamed


# --- the model pages; start-up checks -----------------------------------------------------------


class _BigLibrary:
    """Stands in for a 100,000-article library: counts which rows were asked for."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.asked: list[int] = []

    def article_ids(self, query: ArticleQuery | None = None) -> list[int]:
        return list(range(self.count, 0, -1))

    def summaries(self, ids: Sequence[int]) -> list[ArticleSummary]:
        self.asked.extend(ids)
        stamp = datetime(2024, 1, 1)
        return [
            ArticleSummary(i, f"Article {i}", None, None, stamp, False, False, False, 0)
            for i in ids
        ]


def test_model_reads_only_the_pages_it_shows(qtbot: QtBot) -> None:
    big = _BigLibrary(100_000)
    model = ArticleTableModel(big)  # type: ignore[arg-type]
    model.requery()
    assert model.rowCount() == 100_000 and big.asked == []
    assert model.index(0, Column.TITLE).data() == "Article 100000"
    assert model.index(50_000, Column.TITLE).data() == "Article 50000"
    assert len(big.asked) == 2 * PAGE_SIZE
    assert model.row_for_id(1) == 99_999


def test_scrolling_the_styled_list_by_a_row_paints_only_that_row(qtbot: QtBot) -> None:
    """Under the app's style sheet the list still moves its pixels on a scroll instead of
    painting every visible row again (that was most of what j and k cost)."""
    from PySide6.QtCore import QEvent, QObject, QRect

    from ui.article_list.article_list import ROW_HEIGHT, ArticleListView
    from ui.resources import stylesheet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(stylesheet())
    try:
        model = ArticleTableModel(_BigLibrary(1_000))  # type: ignore[arg-type]
        model.requery()
        view = ArticleListView(model)
        qtbot.addWidget(view)
        view.resize(800, 20 * ROW_HEIGHT)
        painted: list[QRect] = []

        class Painted(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    painted.append(event.region().boundingRect())  # type: ignore[attr-defined]
                return False

        watcher = Painted(view)
        view.viewport().installEventFilter(watcher)
        view.show()
        qtbot.waitUntil(lambda: bool(painted), timeout=2000)  # the first, whole paint
        qtbot.wait(50)
        painted.clear()
        view.verticalScrollBar().setValue(1)
        qtbot.waitUntil(lambda: bool(painted), timeout=2000)
        assert max(rect.height() for rect in painted) <= 2 * ROW_HEIGHT
    finally:
        app.setStyleSheet("")


def test_missing_display_libraries_are_named_as_packages() -> None:
    present = {"libEGL.so.1", "libGL.so.1"}

    def no_ldd(_plugin: str) -> None:
        return None

    packages = missing_packages(
        {"DISPLAY": ":0"}, "linux", lambda soname: soname in present, no_ldd
    )
    assert "libxcb-cursor0" in packages and "libfontconfig1" in packages
    assert "libegl1" not in packages
    from_ldd = missing_packages(
        {"DISPLAY": ":0"}, "linux", ldd_missing=lambda _p: {"libxcb-icccm.so.4", "libfoo.so.2"}
    )
    assert from_ldd == ["libfoo2", "libxcb-icccm4"]
    assert missing_packages({"DISPLAY": ":0"}, "linux", ldd_missing=lambda _p: set()) == []
    assert missing_packages({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux") == []
    assert missing_packages({}, "linux") == []


def test_the_display_check_is_remembered_only_once_a_window_opened(tmp_path: Path) -> None:
    marker = tmp_path / "cache" / "display-check"
    asked: list[str] = []

    def check() -> list[str]:
        asked.append("ldd")
        return []

    first = DisplayCheck(marker, ["xcb"], check)
    assert first.missing_packages() == [] and asked == ["ldd"]
    first.window_opened()
    second = DisplayCheck(marker, ["xcb"], check)
    assert second.missing_packages() == [] and asked == ["ldd"]  # the same Qt opened before
    # This start never reached its window (Qt aborted, say): the next one checks again.
    assert DisplayCheck(marker, ["xcb"], check).missing_packages() == []
    assert asked == ["ldd", "ldd"]
    DisplayCheck(marker, ["xcb"], check).window_opened()
    assert DisplayCheck(marker, ["wayland", "xcb"], check).missing_packages() == []
    assert asked == ["ldd", "ldd", "ldd"]  # other plugins, another check
    nothing = DisplayCheck(tmp_path / "none", [], check)  # offscreen, or not Linux
    assert nothing.missing_packages() == [] and asked == ["ldd", "ldd", "ldd"]
    nothing.window_opened()
    assert not (tmp_path / "none").exists()


def test_a_start_whose_libraries_are_missing_is_told_every_time(tmp_path: Path) -> None:
    marker = tmp_path / "display-check"
    for _ in range(2):
        assert DisplayCheck(marker, ["xcb"], lambda: ["libxcb-cursor0"]).missing_packages() == [
            "libxcb-cursor0"
        ]
    assert not marker.exists()
