"""The article list's model: every matching id, and rows fetched page by page on demand.

The model holds the ordered ids of the current query (cheap even at 100k articles) and asks
the library for the summaries of just the pages the view paints, keeping the most recently
used pages in a bounded cache. Sorting and filtering run in SQL through ``ArticleQuery``;
what each cell says is in :mod:`ui.article_list.columns`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from msgspec.structs import replace
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from reader import ArticleQuery, ArticleSummary, Changes, Library
from reader.text_direction import is_right_to_left
from ui.article_list.columns import (
    COLUMN_COUNT,
    HEADER_TIPS,
    HEADERS,
    SORT_KEYS,
    Column,
    accessible_text,
    display_text,
    tooltip_text,
)
from ui.plain_text import as_plain
from ui.tasks import Runner

ArticleIdRole = int(Qt.ItemDataRole.UserRole) + 1
SummaryRole = int(Qt.ItemDataRole.UserRole) + 2
TagsRole = int(Qt.ItemDataRole.UserRole) + 3

PAGE_SIZE = 200
MAX_PAGES = 24
REFRESH_INTERVAL_MS = 500
# Finding a row: a scan of the id list (C speed, ~1 ms at 100,000) for the first few lookups
# after a query, then a table. Most queries look up one id, the article to keep selected.
SCANS_BEFORE_TABLE = 4

AnyIndex = QModelIndex | QPersistentModelIndex
_RIGHT = (
    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
)

_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_FONT_ROLE = int(Qt.ItemDataRole.FontRole)
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE_ROLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ANSWERED_ROLES = frozenset({
    ArticleIdRole, SummaryRole, TagsRole, _DISPLAY_ROLE, _FONT_ROLE, _TOOLTIP_ROLE,
    _ACCESSIBLE_ROLE, int(Qt.ItemDataRole.TextAlignmentRole)})


_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class ArticleTableModel(QAbstractTableModel):
    """Rows are article ids in query order; cells come from cached ``ArticleSummary`` pages."""

    query_reset = Signal()  # after the ids were re-queried (selection may need restoring)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._query = ArticleQuery()
        self._ids: list[int] = []
        self._shown = 0  # counts the lists shown: the late rest of an older one is dropped
        self._rows: dict[int, int] | None = None  # id -> row, built when first needed
        self._scans = 0
        self._pages: OrderedDict[int, dict[int, ArticleSummary]] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._landed_requery)
        self._last_landed = 0.0  # when articles that landed last made the list read again
        self.fetches = 0  # how many pages were read from the library (for tests and checks)

    # --- query ----------------------------------------------------------------------------

    @property
    def query(self) -> ArticleQuery:
        return self._query

    def set_query(self, query: ArticleQuery) -> None:
        self._query = query
        self.requery()

    def requery(self) -> None:
        """Fetch the ids again; cached rows are dropped, views restore selection by id."""
        self.show_ids(self._query, self._library.article_ids(self._query))

    def set_query_in_steps(
        self, query: ArticleQuery, runner: Runner, keep: int | None = None
    ) -> None:
        """Show the first page of ``query`` now and the rest of its ids once ``runner`` has
        read them: reading every id of a big library would hold up the window's first paint
        (60 ms at 95,000). All at once when ``keep``, the article to select, is not on the
        first page."""
        first = self._library.article_ids(query, limit=PAGE_SIZE)
        if len(first) == PAGE_SIZE and keep is not None and keep not in first:
            first = self._library.article_ids(query)
        self.show_ids(query, first)
        if len(first) != PAGE_SIZE:
            return
        shown = self._shown
        runner.run(lambda _context: self._library.article_ids(query),
                   lambda ids, error: self._rest_arrived(shown, ids, error))

    def _rest_arrived(self, shown: int, ids: list[int] | None,
                      error: BaseException | None) -> None:
        if shown != self._shown:
            return  # shown anew since (another query, an edit): that list is complete
        if error is not None or ids is None:
            self.schedule_requery()
            return
        count = len(self._ids)
        if ids[:count] != self._ids:
            self.show_ids(self._query, ids)  # the library changed in between
            return
        if len(ids) > count:
            self.beginInsertRows(QModelIndex(), count, len(ids) - 1)
            self._ids = ids
            self._rows = None
            self._scans = 0
            self.endInsertRows()

    def show_ids(self, query: ArticleQuery, ids: list[int]) -> None:
        """Show ``ids`` as the result of ``query``: for ids found off the GUI thread."""
        self._query = query
        self._shown += 1
        self._refresh_timer.stop()
        self.beginResetModel()
        self._ids = ids
        self._rows = None
        self._scans = 0
        self._pages.clear()
        self.endResetModel()
        self.query_reset.emit()

    def schedule_requery(self) -> None:
        """Articles landed: re-query now, or ``REFRESH_INTERVAL_MS`` after the last time
        this re-queried (an import lands its batches in bursts)."""
        elapsed_ms = (time.monotonic() - self._last_landed) * 1000
        if elapsed_ms >= REFRESH_INTERVAL_MS and not self._refresh_timer.isActive():
            self._landed_requery()
        elif not self._refresh_timer.isActive():
            self._refresh_timer.start(max(0, int(REFRESH_INTERVAL_MS - elapsed_ms)))

    def _landed_requery(self) -> None:
        self._last_landed = time.monotonic()
        self.requery()

    def on_library_changed(self, changes: Changes) -> None:
        if changes.removed or changes.everything:
            self.requery()  # the user deleted or restored something: show it at once
        elif changes.added:
            self.schedule_requery()  # imports land in bursts: at most every 500 ms
        elif changes.articles or changes.progress:
            self.refresh_ids(changes.articles | changes.progress)

    def refresh_ids(self, ids: frozenset[int] | set[int]) -> None:
        """Re-read the cached rows among ``ids`` and repaint them."""
        cached = [i for page in self._pages.values() for i in page if i in ids]
        if not cached:
            return
        fresh = {summary.id: summary for summary in self._library.summaries(cached)}
        last_column = self.columnCount() - 1
        for page in self._pages.values():
            for article_id in [i for i in page if i in fresh]:
                page[article_id] = fresh[article_id]
        for article_id in fresh:
            row = self.row_for_id(article_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    # --- lookups --------------------------------------------------------------------------

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return None

    def row_for_id(self, article_id: int) -> int | None:
        if self._rows is None and self._scans < SCANS_BEFORE_TABLE:
            self._scans += 1
            try:
                return self._ids.index(article_id)
            except ValueError:
                return None
        if self._rows is None:
            self._rows = {article_id: row for row, article_id in enumerate(self._ids)}
        return self._rows.get(article_id)

    def ids_at(self, rows: Iterable[int]) -> list[int]:
        """The ids on ``rows``, skipping rows past the end."""
        ids = self._ids
        return [ids[row] for row in rows if 0 <= row < len(ids)]

    def summary_at(self, row: int) -> ArticleSummary | None:
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._load_page(number)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def cached_summary(self, article_id: int) -> ArticleSummary | None:
        row = self.row_for_id(article_id)
        return self.summary_at(row) if row is not None else None

    def peek(self, article_id: int) -> ArticleSummary | None:
        """The summary if a page holding it is cached; never reads the library."""
        for page in self._pages.values():
            found = page.get(article_id)
            if found is not None:
                return found
        return None

    def cached_row_count(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def _load_page(self, number: int) -> dict[int, ArticleSummary]:
        wanted = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        page = {summary.id: summary for summary in self._library.summaries(wanted)}
        self.fetches += 1
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # --- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in HEADERS:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return HEADER_TIPS.get(column, HEADERS[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.STAR, Column.MARKS):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.InitialSortOrderRole:  # newest first, A to Z
            descending = column is Column.DATE
            return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks every painted cell for a dozen roles, most of which we leave to the
        # style: those are turned away before any other work (list painting is mostly this).
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row = index.row()
        if role == ArticleIdRole:
            return self.id_at(row)
        summary = self.summary_at(row)
        if summary is None:
            return None
        if role == SummaryRole:
            return summary
        if role == TagsRole:
            return summary.tags
        if role == _FONT_ROLE:
            return None if summary.read else self._bold
        column = Column(index.column())
        if role == _DISPLAY_ROLE:
            return display_text(summary, column)
        if role == _TOOLTIP_ROLE:
            tip = tooltip_text(summary, column)
            return None if tip is None else as_plain(tip)
        if role == _ACCESSIBLE_ROLE:
            return accessible_text(summary, column)
        if column in (Column.STAR, Column.MARKS):  # the alignment, the one role left
            return Qt.AlignmentFlag.AlignCenter
        if column is Column.TITLE and is_right_to_left(summary.title):
            # An Arabic or Hebrew title starts at the right, whatever the list's direction.
            return _RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Called for every cell of a select-all: keep it to a lookup.
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Column(column)) if column in HEADERS else None
        if key is None:
            return  # tags and markers are not sortable
        descending = order == Qt.SortOrder.DescendingOrder
        if key is self._query.sort and descending == self._query.descending:
            return
        self.set_query(replace(self._query, sort=key, descending=descending))
