"""Search as you type: the toolbar's search box drives the article list, the histogram and the
search marks in the reading pane.

A pause in typing (``DEBOUNCE_MS``) runs the query, combined with the sidebar's view and tag,
off the GUI thread; a newer query supersedes the one under way (``ui.tasks.Preemptive``), so
results never land stale. A query with words is ranked by relevance until a column header is
clicked; emptying the box returns to the sort from before. A query that cannot be read leaves
the list as it was and says why beside the box and in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from msgspec.structs import replace
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QToolBar, QToolButton, QWidget

from reader import ArticleQuery, Changes, Library, SortKey
from ui.article_list.article_list import ArticleListView
from ui.article_list.article_model import PAGE_SIZE, ArticleTableModel
from ui.article_pane.note_editor import ERROR_COLOR
from ui.library_signals import LibrarySignals
from ui.plain_text import as_plain, plain_label
from ui.resources import icon
from ui.search.histogram import MonthHistogram
from ui.search.query_text import (
    SearchTerm,
    chosen_months,
    has_words,
    search_terms,
    with_months,
    without_dates,
)
from ui.search.search_help import SearchHelpButton
from ui.sidebar.sidebar import TagSidebar
from ui.tasks import Preemptive, Runner, TaskContext

DEBOUNCE_MS = 250
MONTHS_DELAY_MS = 600
MESSAGE_MS = 6000
SEARCH_TIP = "Search articles (/ or Ctrl+F); Enter goes to the list"


class MatchMarker(Protocol):
    """What the controller asks of the reading side (``ui.article_pane.detail_pane.DetailPane``)."""

    def set_search_terms(self, terms: tuple[SearchTerm, ...]) -> None: ...


class SearchController(QObject):
    def __init__(
        self,
        library: Library,
        runner: Runner,
        signals: LibrarySignals,
        model: ArticleTableModel,
        article_list: ArticleListView,
        field: QLineEdit,
        sidebar: TagSidebar,
        marker: MatchMarker,
        histogram: MonthHistogram,
        show_status: Callable[[str, int], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._model = model
        self._list = article_list
        self._field = field
        self._sidebar = sidebar
        self._marker = marker
        self._histogram = histogram
        self._status = show_status
        self._window = parent
        self._searches = Preemptive(runner)
        self._months = Preemptive(runner)
        self._months_query: ArticleQuery | None = None
        self._base_sort = (model.query.sort, model.query.descending)
        self._ranking = False  # the box has words: relevance, unless a header was clicked
        self._user_sorted = False
        self._select_first = False
        self._focus_list = False
        self.error: str | None = None

        self._timer = self._single_shot(DEBOUNCE_MS, self.run_now)
        self._months_timer = self._single_shot(MONTHS_DELAY_MS, self._refresh_months)
        self.error_label = plain_label(QLabel(parent))  # it quotes what was typed
        self.error_label.setAccessibleName("Search problem")
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.hide()
        self._error_action: QAction | None = None  # the label's place in the toolbar
        self.help_button = SearchHelpButton(parent)
        self.save_button = QToolButton(parent)
        self.save_button.setAccessibleName("Save search")
        self.save_button.setAutoRaise(True)
        field.setToolTip(SEARCH_TIP)

        field.textChanged.connect(self._text_changed)
        field.returnPressed.connect(self._enter)
        sidebar.search_chosen.connect(self.use_query)
        histogram.months_chosen.connect(self.choose_months)
        self.help_button.example_chosen.connect(self.add_term)
        article_list.horizontalHeader().sortIndicatorChanged.connect(self._header_sorted)
        signals.changed.connect(self.on_library_changed)
        model.query_reset.connect(lambda: self._request_months(self._model.query))
        parent.installEventFilter(self)  # to stop typing's timers when the window closes

    def _single_shot(self, msecs: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self._timer.stop()
            self._months_timer.stop()
            self._searches.cancel()
            self._months.cancel()
        return False

    def add_to_toolbar(self, toolbar: QToolBar, save_action: QAction) -> None:
        """The problem label before the box; help and "Save search" after it."""
        for action in toolbar.actions():
            if toolbar.widgetForAction(action) is self._field:
                self._error_action = toolbar.insertWidget(action, self.error_label)
                self._error_action.setText("Search problem")
                self._error_action.setVisible(self.error is not None)
                break
        toolbar.addWidget(self.help_button).setText("Search help")
        save_action.setIcon(icon("bookmark"))
        self.save_button.setDefaultAction(save_action)
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addWidget(self.save_button).setText("Save search")

    # --- running queries ----------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self._sidebar.follow_search_text(text)
        self._timer.start()

    def run_now(self, *, select_first: bool = False) -> bool:
        """Run the box's query at once; False (and the reason shown) when it cannot be read."""
        self._timer.stop()
        text = self._field.text().strip()
        error = self._library.check_query(text) if text else None
        self._show_error(error)
        if error is not None:
            return False
        query = self._query_for(text)
        if query == self._model.query and not (self._searches.busy or self._focus_list
                                               or select_first):
            return True  # (a space typed, or the same query again): nothing changes
        self._select_first = self._select_first or select_first
        self._marker.set_search_terms(search_terms(text))
        self._histogram.set_selection(chosen_months(text))
        self._searches.request(
            lambda context: self._find(query, context),
            lambda ids, error: self._found(query, ids, error),
            lambda ids: self._found(query, ids, None),
        )
        return True

    def _query_for(self, text: str) -> ArticleQuery:
        view, tag = self._sidebar.current_filter()
        current = self._model.query
        if has_words(text):
            if not self._ranking:
                if current.sort is not SortKey.RELEVANCE:
                    self._base_sort = (current.sort, current.descending)
                self._ranking, self._user_sorted = True, False
            sort, descending = (
                (current.sort, current.descending) if self._user_sorted
                else (SortKey.RELEVANCE, True)
            )
        elif self._ranking:
            self._ranking = False
            sort, descending = self._base_sort
        else:
            sort, descending = current.sort, current.descending
        return ArticleQuery(view, tag, sort, descending, text or None)

    def _find(self, query: ArticleQuery, context: TaskContext) -> list[int]:
        """The first page at once (a ranked search of a big library takes a while), then
        every id."""
        first = self._library.article_ids(query, limit=PAGE_SIZE)
        if len(first) < PAGE_SIZE or context.is_cancelled():
            return first
        context.progress(first, force=True)
        return self._library.article_ids(query)

    def _found(self, query: ArticleQuery, ids: list[int] | None,
               error: BaseException | None) -> None:
        if error is not None or ids is None:
            self._status(f"Search failed: {error}", MESSAGE_MS)
            return
        self._model.show_ids(query, ids)
        if self._focus_list:
            self._focus_list = self._select_first = False
            self._list.move_current(0)
            self._list.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self._select_first:
            self._select_first = False
            if self._list.current_article_id() is None:
                with self._list.quietly():  # a view was chosen, not its first article
                    self._list.move_current(0)

    def _show_error(self, error: str | None) -> None:
        if error == self.error:
            return
        self.error = error
        self.error_label.setText(error or "")
        if self._error_action is not None:  # a toolbar shows its widgets through actions
            self._error_action.setVisible(error is not None)
        else:
            self.error_label.setVisible(error is not None)
        self._field.setToolTip(as_plain(f"Cannot search: {error}") if error else SEARCH_TIP)
        self._field.setProperty("invalid", error is not None)
        self._field.style().unpolish(self._field)
        self._field.style().polish(self._field)
        self._status(f"Cannot search: {error}" if error else "", MESSAGE_MS)

    def _header_sorted(self, *_args: object) -> None:
        query = self._model.query  # the list has sorted itself already
        if query.sort is SortKey.RELEVANCE:
            return
        if self._ranking:
            self._user_sorted = True
        else:
            self._base_sort = (query.sort, query.descending)
        if self._searches.busy:
            self.run_now()  # the query under way has the old order

    def finish_typing(self) -> None:
        """Leaving the box (Esc): a query still waiting for a pause in typing runs now, and
        its first result is selected when the article shown is not among the results."""
        if self._timer.isActive():
            self.run_now(select_first=True)

    def _enter(self) -> None:
        self._focus_list = True
        if not self.run_now():
            self._focus_list = False
            self._list.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- what other controls ask for ----------------------------------------------------------

    def apply_filter(self, query: ArticleQuery) -> None:
        """The sidebar chose a view or tag: search within it."""
        if not self.run_now(select_first=True):
            self._model.set_query(replace(self._model.query, view=query.view, tag=query.tag))

    def use_query(self, text: str) -> None:
        """Put ``text`` (a saved search) in the box and run it."""
        self._field.setText(text)
        self.run_now(select_first=True)

    def add_term(self, term: str) -> None:
        current = self._field.text().rstrip()
        self._field.setText(f"{current} {term}".strip())
        self._field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.run_now()

    def choose_months(self, first: str, last: str) -> None:
        """The histogram chose months: they replace the box's date terms (choosing the same
        months again removes them)."""
        text = self._field.text()
        if chosen_months(text) == (first, last):
            self._field.setText(without_dates(text))
        else:
            self._field.setText(with_months(text, first, last))
        self.run_now(select_first=True)

    def list_query(self) -> ArticleQuery:
        """The list's query as it should be remembered: its sort from before any ranking."""
        query = self._model.query
        if self._ranking:
            query = replace(query, sort=self._base_sort[0], descending=self._base_sort[1])
        return replace(query, search=None)

    def save_current_search(self, name: str | None = None) -> None:
        """Ask for a name and save the box's query in the sidebar."""
        text = self._field.text().strip()
        if not text:
            self._status("Type a search first, then save it.", MESSAGE_MS)
            self._field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        error = self._library.check_query(text)
        if error is not None:
            self._show_error(error)
            return
        if name is None:
            name, accepted = QInputDialog.getText(
                self._window, "Save search", "Show this search in the sidebar as:", text=text
            )
            if not accepted:
                return
        self._sidebar.saved.save(
            name, text,
            then=lambda saved: self._status(f"Saved search “{saved.name}”", MESSAGE_MS),
            failed=lambda error: self._status(f"Could not save the search: {error}", MESSAGE_MS),
        )

    # --- the histogram ------------------------------------------------------------------------

    def on_library_changed(self, changes: Changes) -> None:
        if changes.articles or changes.membership:
            self._months_timer.start()

    def _refresh_months(self) -> None:
        self._request_months(self._model.query, again=True)

    def _request_months(self, query: ArticleQuery, *, again: bool = False) -> None:
        text = without_dates(query.search or "")
        if text and self._library.check_query(text) is not None:
            return  # ("a OR date:2024" without its date term): keep the bars as they are
        wanted = ArticleQuery(view=query.view, tag=query.tag, search=text or None)
        if wanted == self._months_query and not again:
            return
        self._months_query = wanted
        self._months.request(lambda _context: self._library.month_counts(wanted),
                             lambda counts, error: self._months_arrived(wanted, counts, error))

    def _months_arrived(self, query: ArticleQuery, counts: list[tuple[str, int]] | None,
                        error: BaseException | None) -> None:
        if error is not None or counts is None:
            return
        self._histogram.set_counts(counts)
        # Nothing dated in the whole library: the strip would only ever say so.
        self._histogram.setVisible(bool(counts) or query != ArticleQuery())
