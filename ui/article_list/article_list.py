"""The article list: a fixed-row-height table over :class:`ArticleTableModel`.

Cells are painted by the delegates of :mod:`ui.article_list.article_delegates` (tag chips,
star, markers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from ui.article_list.article_delegates import (
    MarksDelegate,
    StarDelegate,
    TagChipDelegate,
    TitleDelegate,
)
from ui.article_list.article_model import ArticleTableModel
from ui.article_list.columns import HEADER_TIPS, HEADERS, SORT_KEYS, Column, column_for_sort

ROW_HEIGHT = 24
DEFAULT_WIDTHS = {
    Column.DATE: 92,
    Column.SOURCE: 110,
    Column.TAGS: 180,
    Column.STAR: 30,
    Column.MARKS: 58,
}


class ArticleListView(QTableView):
    """Emits ``current_article_changed`` with the current row's id (or None), and whether the
    reader chose it: a row the window picks by itself (the one kept from last time, the first
    of a view) is shown, not opened. A click or Enter on the current row opens it too
    (``article_opened``)."""

    current_article_changed = Signal(object, bool)  # int | None, opened by the reader
    article_opened = Signal(int)
    star_clicked = Signal(int)

    def __init__(self, model: ArticleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self.setAccessibleName("Articles")
        self.setAccessibleDescription("The articles of the current view; Enter opens one")
        self._model = model
        self._emitted: int | None = None
        self._restoring = False
        self._quiet = 0  # inside ``quietly``: rows made current are shown, not opened
        self._kept_selection: list[int] = []
        self._kept_current: int | None = None
        self._context_actions: list[QAction | None] = []
        self.setModel(model)

        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the list for the next pane, not the next cell
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)

        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        rows.setMinimumSectionSize(ROW_HEIGHT)
        rows.setAccessibleName("Article rows")
        rows.hide()

        header = self.horizontalHeader()
        header.setAccessibleName("Article columns")
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(28)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.apply_default_columns()

        self._titles = TitleDelegate(self)
        self.setItemDelegateForColumn(Column.TITLE, self._titles)
        self._chips = TagChipDelegate(self)
        self._stars = StarDelegate(self)
        self.setItemDelegateForColumn(Column.TAGS, self._chips)
        self.setItemDelegateForColumn(Column.STAR, self._stars)
        self._marks = MarksDelegate(self)
        self.setItemDelegateForColumn(Column.MARKS, self._marks)

        self.sync_sort_indicator()
        self.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._on_sort_indicator)

        self.clicked.connect(self._row_opened)
        self.activated.connect(self._row_opened)  # Enter (and a click, where that activates)
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        model.query_reset.connect(self.sync_sort_indicator)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            # A style sheet makes the viewport see-through, and Qt then repaints all of it on
            # every scroll; filled, one row's scroll moves the pixels and paints just that row.
            self.viewport().setAutoFillBackground(True)
        return handled

    # --- columns and sorting ----------------------------------------------------------------

    def apply_default_columns(self) -> None:
        header = self.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in DEFAULT_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        for column in (Column.STAR, Column.MARKS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)

    def _column_menu(self, point: QPoint) -> None:
        """Right-click on the header: show or hide columns (Title always stays)."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        menu.setAccessibleName("Columns")
        for column in Column:
            if column is Column.TITLE:
                continue
            action = menu.addAction(HEADER_TIPS.get(column, HEADERS[column]))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(
                lambda shown, c=column: header.setSectionHidden(c, not shown)
            )
        menu.exec(header.mapToGlobal(point))

    def sync_sort_indicator(self) -> None:
        """Show the model's SQL sort in the header without sorting again."""
        query = self._model.query
        column = column_for_sort(query.sort)
        header = self.horizontalHeader()
        header.blockSignals(True)
        if column is None:
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        else:
            descending = query.descending
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)
        header.blockSignals(False)
        header.viewport().update()

    def _on_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in [int(c) for c in SORT_KEYS]:
            self.sync_sort_indicator()  # tags and markers do not sort: put the arrow back

    # --- current article and selection ----------------------------------------------------

    def current_article_id(self) -> int | None:
        index = self.currentIndex()
        return self._model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for number in range(selection.count()):
            selection_range = selection.at(number)
            rows.update(range(selection_range.top(), selection_range.bottom() + 1))
        return self._model.ids_at(sorted(rows))

    def selected_or_current_ids(self) -> list[int]:
        ids = self.selected_ids()
        current = self.current_article_id()
        if not ids and current is not None:
            ids = [current]
        return ids

    def select_id(self, article_id: int) -> bool:
        row = self._model.row_for_id(article_id)
        if row is None:
            return False
        self.select_rows([row], current=row)
        return True

    def select_ids(self, article_ids: Iterable[int]) -> bool:
        """Select those of ``article_ids`` in the list, the first of them current."""
        rows = [row for row in map(self._model.row_for_id, article_ids) if row is not None]
        if not rows:
            return False
        self.select_rows(rows, current=rows[0])
        return True

    def select_rows(self, rows: Iterable[int], current: int | None) -> None:
        """Select ``rows``, ``current`` the current one. Unless done ``quietly`` (or while
        the list reads itself again), making the row already shown current opens it."""
        shown = self.current_article_id()
        selection = QItemSelection()
        last_column = self._model.columnCount() - 1
        for top, bottom in _runs(sorted(rows)):
            selection.select(self._model.index(top, 0), self._model.index(bottom, last_column))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection_model = self.selectionModel()
        selection_model.select(selection, flags)
        if current is not None:
            selection_model.setCurrentIndex(
                self._model.index(current, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.scrollTo(self._model.index(current, 0))
            again = shown is not None and self.current_article_id() == shown
            if again and not (self._quiet or self._restoring):
                self.article_opened.emit(shown)  # (the one the window had only shown)

    def move_current(self, step: int) -> None:
        """Select the next (``step`` > 0) or previous row alone: j and k."""
        count = self._model.rowCount()
        if count == 0:
            return
        index = self.currentIndex()
        row = 0 if not index.isValid() else max(0, min(count - 1, index.row() + step))
        self.select_rows([row], current=row)

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Rows made current inside are the window's choice, not the reader's: shown, and
        not marked read on opening."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def currentChanged(
        self, current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        if not self._restoring:
            self._emit_current(opened=not self._quiet)

    def _emit_current(self, opened: bool) -> None:
        article_id = self.current_article_id()
        if article_id != self._emitted:
            self._emitted = article_id
            self.current_article_changed.emit(article_id, opened)

    def _row_opened(self, index: QModelIndex) -> None:
        article_id = self._model.id_at(index.row())
        if index.column() != Column.STAR and article_id is not None:
            self.article_opened.emit(article_id)  # (a click on the star only stars)

    def _remember_selection(self) -> None:
        self._kept_selection = self.selected_ids()
        self._kept_current = self.current_article_id()
        self._restoring = True

    def _restore_selection(self) -> None:
        try:
            rows = [self._model.row_for_id(i) for i in self._kept_selection]
            current = (
                self._model.row_for_id(self._kept_current)
                if self._kept_current is not None
                else None
            )
            kept = [row for row in rows if row is not None]
            if kept or current is not None:
                self.select_rows(kept, current=current)
        finally:
            self._restoring = False
        self._emit_current(opened=False)  # the list read again, not the reader's choice

    # --- context menu and clicks ----------------------------------------------------------

    def set_context_actions(self, actions: Sequence[QAction | None]) -> None:
        """Actions for the right-click menu; None draws a separator."""
        self._context_actions = list(actions)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isRowSelected(index.row()):
            self.select_rows([index.row()], current=index.row())
        if not self._context_actions or not self.selected_or_current_ids():
            return
        menu = QMenu(self)
        menu.setAccessibleName("Article actions")
        for action in self._context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(event.globalPos())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        if (
            index.isValid()
            and index.column() == Column.STAR
            and event.button() == Qt.MouseButton.LeftButton
            and plain
        ):
            article_id = self._model.id_at(index.row())
            if article_id is not None:
                self.star_clicked.emit(article_id)
        super().mousePressEvent(event)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(row, runs[-1][1]))
        else:
            runs.append((row, row))
    return runs
