"""Window geometry, splitters, columns, sort, view and the selected article, in QSettings.

Preferences live in ``reader.settings``; this is only how the window was left.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from reader import ArticleQuery, SortKey, View

ORGANIZATION = "Broadsheet"
APPLICATION = "Broadsheet"
VERSION = 1  # bump when the saved layout no longer fits the window


def open_settings() -> QSettings:
    """The window-state store; tests point QSettings' default format and path at a tmp dir."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION,
                     APPLICATION)


class WindowState:
    def __init__(self, library_path: Path) -> None:
        self._library = str(Path(library_path).resolve())
        self._store = open_settings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def restore_query(self) -> tuple[View, str | None, SortKey, bool]:
        store = self._store
        default = ArticleQuery()
        try:
            sort = SortKey(str(store.value("list/sort", default.sort.value)))
        except ValueError:
            sort = default.sort
        descending = str(store.value("list/descending", default.descending)).lower() == "true"
        view, tag = View.ALL, None
        if store.value("list/library") == self._library:
            try:
                view = View(str(store.value("list/view", View.ALL.value)))
            except ValueError:
                view = View.ALL
            saved_tag = store.value("list/tag", "")
            tag = str(saved_tag) if saved_tag else None
        return view, tag, sort, descending

    def restore_article(self) -> int | None:
        if self._store.value("list/library") != self._library:
            return None  # ids belong to one library
        try:
            return int(str(self._store.value("list/article", "")))
        except ValueError:
            return None

    def restore_window(
        self, window: QMainWindow, splitters: list[QSplitter], header: QHeaderView
    ) -> None:
        if str(self._store.value("window/version", "")) != str(VERSION):
            window.resize(1280, 800)
            return
        geometry = self._bytes("geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(1280, 800)
        state = self._bytes("state")
        if state is not None:
            window.restoreState(state, VERSION)
        for number, splitter in enumerate(splitters):
            sizes = self._bytes(f"splitter{number}")
            if sizes is not None:
                splitter.restoreState(sizes)
        columns = self._bytes("header")
        if columns is not None:
            header.blockSignals(True)  # widths and order only: the sort comes from the query
            header.restoreState(columns)
            header.blockSignals(False)

    def save(
        self,
        window: QMainWindow,
        splitters: list[QSplitter],
        header: QHeaderView,
        query: ArticleQuery,
        article_id: int | None,
    ) -> None:
        store = self._store
        store.setValue("window/version", VERSION)
        store.setValue("window/geometry", window.saveGeometry())
        store.setValue("window/state", window.saveState(VERSION))
        for number, splitter in enumerate(splitters):
            store.setValue(f"window/splitter{number}", splitter.saveState())
        store.setValue("window/header", header.saveState())
        store.setValue("list/sort", query.sort.value)
        store.setValue("list/descending", "true" if query.descending else "false")
        store.setValue("list/library", self._library)
        store.setValue("list/view", query.view.value)
        store.setValue("list/tag", query.tag or "")
        store.setValue("list/article", "" if article_id is None else article_id)
        store.sync()
