"""The main window: composes the sidebar, the article list and the detail pane; each pane is
its own module that emits signals. Commands are declared in :mod:`ui.window.actions`, the
article ones carried out by :mod:`ui.article_list.article_commands`; imports run through
:mod:`ui.dialogs.import_dialog`, feeds through :mod:`ui.window.feeds`; the panes are arranged
by :mod:`ui.window.pane_layout`."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any, cast

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from reader import ArticleQuery, Changes, Counts, Library, View
from reader.settings import Settings
from ui.article_list.article_commands import ArticleCommands
from ui.article_list.article_list import ArticleListView
from ui.article_list.article_model import ArticleTableModel
from ui.article_list.unread_navigation import UnreadNavigation
from ui.article_pane.detail_pane import DetailPane
from ui.article_pane.pane_contract import DetailPaneContract
from ui.dialogs.import_dialog import ImportController
from ui.dialogs.open_library import open_library_window
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui.dialogs.shortcuts_dialog import show_about, show_shortcuts
from ui.library_signals import LibrarySignals
from ui.palette import complete_application_palette
from ui.search.histogram import MonthHistogram
from ui.search.search_controller import SearchController
from ui.sidebar.sidebar import TagSidebar
from ui.tasks import Runner, TaskRunner
from ui.undo import EditHistory
from ui.window.actions import (
    LIST_MENU,
    ActionRegistry,
    SearchField,
    ShortcutGuard,
    name_unnamed_controls,
)
from ui.window.counts_display import CountsDisplay
from ui.window.empty_state import EmptyLibraryPanel
from ui.window.feeds import FeedsController
from ui.window.incoming import Incoming
from ui.window.insight_commands import InsightCommands
from ui.window.library_safety import LibrarySafety
from ui.window.notices import ProblemBanner, with_banner
from ui.window.pane_layout import PaneLayout
from ui.window.preferences_flow import PreferencesFlow
from ui.window.reading_mode import ReadingMode
from ui.window.window_state import WindowState

RELEASE_AFTER_SHOW_MS = 1000
# Closing waits this long for the writes still queued (the note just typed): a write waiting
# on another program's lock is refused after the 10 s busy timeout anyway.
CLOSE_WAIT_MS = 12_000


class MainWindow(QMainWindow):
    def __init__(
        self,
        library: Library,
        settings: Settings,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.preferences = PreferencesFlow(settings, self.statusBar().showMessage, self)
        self.runner: Runner = runner or TaskRunner()
        self.runner.hold()  # reads for the sidebar, counts and month strip wait for a paint
        complete_application_palette()  # a dark theme made by hand leaves roles light
        self._painted = False
        self.signals = LibrarySignals(library, self)
        self.setWindowTitle(f"Broadsheet - {library.name}")
        self.setAcceptDrops(True)
        self.state = WindowState(library.path)
        self.history = EditHistory(library, self.runner, self)  # every edit can be undone

        self.model = ArticleTableModel(library, self)
        self.counts = CountsDisplay(library, self.runner, self.model, self._apply_counts, self)
        self.list = ArticleListView(self.model, self)
        self.sidebar = TagSidebar(library, self.runner, self, self.history)
        self.detail_widget = self._make_detail()
        self.detail: DetailPaneContract = cast(DetailPaneContract, self.detail_widget)
        self.empty = EmptyLibraryPanel(self)
        self.list_stack = QStackedWidget(self)
        self.list_stack.setAccessibleName("Article list area")
        self.list_stack.addWidget(self.empty)
        self.list_stack.addWidget(self.list)
        self.histogram = MonthHistogram(self)
        self.panes = PaneLayout(self.sidebar, self.histogram, self.list_stack,
                                self.detail_widget, self)
        self.splitter, self.inner_splitter = self.panes.splitters
        self.banner = ProblemBanner(self)  # says so when the library refuses a write
        self.setCentralWidget(with_banner(self.banner, self.splitter))

        self.search = SearchField(self)
        self.actions_ = ActionRegistry(self)
        self.actions_.build_menus(self)
        toolbar = self.actions_.build_toolbar(self, self.search)
        self.guard = ShortcutGuard(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.guard)  # removed again when the window goes
        self.count_label = self.counts.label
        self.statusBar().addPermanentWidget(self.count_label)
        self.importer = ImportController(library, self.runner, self)
        self.commands = ArticleCommands(self.history, self.model, self.list, self.detail, self)
        self.incoming = Incoming(library, self.runner, settings, self.importer, self.list,
                                 self.actions_, self)  # links, Fetch Text, the inbox folder
        self.unread = UnreadNavigation(library, self.history, self.model, self.list,
                                       self.detail.page_down, self.statusBar().showMessage, self)
        self.safety = LibrarySafety(library, self.signals, self.history, self.runner, self.model,
                                    self.list, self.sidebar, self.actions_, self.banner,
                                    self.detail.flush, self, settings)
        self.finder = SearchController(library, self.runner, self.signals, self.model, self.list,
                                       self.search, self.sidebar, self.detail, self.histogram,
                                       self.statusBar().showMessage, self)
        self.finder.add_to_toolbar(toolbar, self.actions_["save_search"])
        self.feeds = FeedsController(self)  # Add Feed, Refresh Feeds, refreshing on a timer
        self.reading = ReadingMode(self.actions_["reading_mode"],
                                   [toolbar, self.sidebar, self.panes.list_column],
                                   self.panes.splitters, self.detail,
                                   self.focus_list, self)
        self.detail_widget.bar.reading_button.setDefaultAction(self.actions_["reading_mode"])
        self.insight = InsightCommands(library, self.runner, self.list, self.detail, self,
                                       self.actions_["statistics"])

        if library.read_only:  # what would write goes grey; the banner says why
            self.safety.show_read_only([self.empty.button])
        self._connect()
        self._set_tab_order()  # before an article (and its tag chips) is shown
        self._restore()
        name_unnamed_controls(self)
        # The list to start with (it is not first in Tab order), or Import in an empty library.
        first = self.list if self.list_stack.currentWidget() is self.list else self.empty.button
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- composition --------------------------------------------------------------------------

    def _make_detail(self) -> QWidget:
        pane = DetailPane(self.library, self.signals, self.settings, self, self.history,
                          self.runner)
        pane.reading_font_size_changed.connect(self.preferences.save)
        return pane

    def _set_tab_order(self) -> None:
        """Tab follows the window as it reads: the search box and its buttons, the sidebar,
        the month strip, the list (or the empty library's Import), then the article and its
        side column."""
        chain: list[QWidget] = [self.search, self.finder.help_button, self.finder.save_button,
                                self.sidebar, self.histogram, self.empty.button, self.list,
                                *self.detail.tab_order()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        a = self.actions_
        commands: dict[str, Callable[[], Any]] = {
            "import_files": self.importer.choose_files,
            "import_folder": self.importer.choose_folder,
            "open_library": lambda: open_library_window(self, self.settings, MainWindow),
            "quit": self.close,
            "select_all": self.list.selectAll,
            "find": self.focus_search,
            "next_match": self.detail.next_match,
            "previous_match": self.detail.previous_match,
            "save_search": self.finder.save_current_search,
            "zoom_in": self.detail.zoom_in,
            "zoom_out": self.detail.zoom_out,
            "zoom_reset": self.detail.zoom_reset,
            "article_below": lambda: self.panes.set_article_below(
                self.actions_["article_below"].isChecked()),
            "star": self.commands.toggle_star,
            "toggle_read": self.commands.toggle_read,
            "add_tag": self.commands.add_tag,
            "open_original": self.commands.open_original,
            "edit_note": self.detail.focus_note_editor,
            "highlight": self.detail.highlight_selection,
            "page_down": self.unread.page_on,
            "next_unread": self.unread.next,
            "previous_unread": self.unread.previous,
            "next_article": lambda: self.list.move_current(1),
            "previous_article": lambda: self.list.move_current(-1),
            "shortcuts": lambda: show_shortcuts(self.actions_.shortcut_rows(), self),
            "preferences": self.preferences.edit,
            "about": lambda: show_about(self),
            **self.safety.handlers(),  # undo/redo, the Trash, export, backups
            **self.incoming.handlers(),  # Fetch Text, Paste Link, Import Links
        }
        for name, handler in commands.items():
            a[name].triggered.connect(lambda _checked=False, h=handler: h())
        self.list.set_context_actions([a[name] if name else None for name in LIST_MENU])
        self.list.current_article_changed.connect(self._show_article)
        self.list.article_opened.connect(lambda _id: self.detail.open_shown())
        self.list.selectionModel().selectionChanged.connect(self._update_actions)
        self.list.star_clicked.connect(lambda article_id: self.commands.toggle("starred",
                                                                               [article_id]))
        self.model.query_reset.connect(self.counts.update_label)
        self.model.rowsInserted.connect(self.counts.update_label)  # the rest of the first list
        self.sidebar.query_changed.connect(self._filter)
        self.search.escape_pressed.connect(self._leave_search)
        for follower in (self.safety.settings_changed, self.feeds.settings_changed,
                         self.detail.settings_changed, self.incoming.settings_changed):
            self.preferences.applied.connect(follower)
        self.detail.focus_list_requested.connect(self.focus_list)
        self.empty.import_requested.connect(self.importer.choose_files)
        self.importer.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.incoming.fetched.connect(self._update_actions)  # fetched: nothing left to fetch
        # Every view hears of every write the same way, whoever made it (this window, an import,
        # a restore, the command line in this process, another program followed).
        for listener in (self.model.on_library_changed, self.sidebar.on_library_changed,
                         self.counts.on_library_changed, self._library_changed):
            self.signals.changed.connect(listener)
        # Undoing a delete selects what came back, as it was selected when it went.
        self.history.articles_returned.connect(self.list.select_ids)

    # --- state --------------------------------------------------------------------------------

    def _restore(self) -> None:
        view, tag, sort, descending = self.state.restore_query()
        self.sidebar.select_filter(view, tag, emit=False)
        view, tag = self.sidebar.current_filter()
        article_id = self.state.restore_article()
        self.model.set_query_in_steps(
            ArticleQuery(view=view, tag=tag, sort=sort, descending=descending), self.runner,
            keep=article_id)
        self.state.restore_window(self, self.panes.splitters, self.list.horizontalHeader())
        self.list.sync_sort_indicator()
        self.actions_["article_below"].setChecked(self.panes.article_below())
        # The counts scan the library, so they come off the GUI thread, after the first paint.
        # Until then, no article in the plain list of everything means an empty library.
        nothing = self.model.rowCount() == 0 and view is View.ALL and tag is None
        self.list_stack.setCurrentWidget(self.empty if nothing else self.list)
        self.counts.request()
        with self.list.quietly():  # shown as it was left: opening the window marks nothing
            if article_id is None or not self.list.select_id(article_id):
                self.list.move_current(0)
        self._update_actions()

    def save_state(self) -> None:
        self.state.save(self, self.panes.splitters, self.list.horizontalHeader(),
                        self.finder.list_query(), self.list.current_article_id())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.runner.release)  # once this first frame is done
            QTimer.singleShot(0, self, self.incoming.start)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Shown minimised, or on a platform that paints only the panes: start the reads anyway.
        QTimer.singleShot(RELEASE_AFTER_SHOW_MS, self.runner.release)
        QTimer.singleShot(RELEASE_AFTER_SHOW_MS, self, self.incoming.start)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            complete_application_palette()  # a theme switched while the window is open

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc that no pane used (the sidebar, the month strip, the article, a button): back to
        # the list, as from the search box, the tag field and the note.
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            if self.reading.active:
                self.reading.leave()  # (the article had the keys: reading mode, left)
            self.focus_list()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reading.leave()  # the panes as they are outside it, to be kept
        self.detail.flush()
        self.history.settle(CLOSE_WAIT_MS)  # the note just typed, and every edit queued
        self.save_state()
        self.importer.cancel()
        self.incoming.stop()
        self.runner.cancel_all()
        self.runner.wait(5000)
        self.signals.detach()
        super().closeEvent(event)

    # --- reacting -----------------------------------------------------------------------------

    def _show_article(self, article_id: int | None, opened: bool) -> None:
        self.detail.flush()
        self.detail.set_article(article_id, opened)
        self._update_actions()

    def _filter(self, query: ArticleQuery) -> None:
        self.finder.apply_filter(query)  # the search box's query, within the view or tag

    def _library_changed(self, changes: Changes) -> None:
        if changes.everything:
            self.history.clear()  # a backup or an export replaced it: old steps do not apply

    def _apply_counts(self, counts: Counts) -> None:
        self.sidebar.refresh_counts(counts)
        showing = self.list if counts.total else self.empty
        focus = QApplication.focusWidget()
        if showing is self.list and focus is not None and self.empty.isAncestorOf(focus):
            # The stack would hand the focus to the list, which makes its first row current:
            # an article opened (and marked read) that nobody chose.
            self.sidebar.setFocus(Qt.FocusReason.OtherFocusReason)
        self.list_stack.setCurrentWidget(showing)
        self.counts.update_label()
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        ids = self.list.selected_or_current_ids()
        summaries = self.commands.known_summaries(ids)
        writable = not self.library.read_only
        for name in ("star", "toggle_read", "add_tag", "edit_note", "highlight", "delete"):
            self.actions_[name].setEnabled(bool(ids) and writable)
        self.actions_["open_original"].setEnabled(self.commands.original_url() is not None)
        self.incoming.update_actions(summaries)
        everything_starred = bool(summaries) and all(s.starred for s in summaries)
        everything_read = bool(summaries) and all(s.read for s in summaries)
        self.actions_.set_accessible("star", "Unstar" if everything_starred else "Star")
        self.actions_.set_accessible("toggle_read",
                                     "Mark Unread" if everything_read else "Mark Read")

    # --- commands -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.reading.leave()  # the search box is in the toolbar
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_list(self) -> None:
        """Back to the list (Esc), with the article shown selected there: focus alone would
        make a row current, and show it, without selecting it."""
        if self.reading.active:
            self.reading.focus_article()  # the list is aside: the article takes the keys
            return
        if not self.list.selected_ids():
            self.list.move_current(0)
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _leave_search(self) -> None:
        self.finder.finish_typing()
        self.focus_list()

    def import_paths(self, paths: list[str]) -> bool:
        return self.importer.start(paths)

    def edit_preferences(self) -> PreferencesDialog:
        return self.preferences.edit()

    # --- drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.incoming.accepts(event.mimeData()):  # files, folders and web links
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.incoming.accepts(event.mimeData()):
            event.acceptProposedAction()
            self.incoming.drop(event.mimeData())
