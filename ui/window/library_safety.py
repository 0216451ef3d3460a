"""What keeps the user's work safe, composed for the main window: undo/redo, the Trash,
export and restore, backups, and the messages when a write is refused.

The window builds one :class:`LibrarySafety` and maps its commands onto its actions; each
part is its own module (:mod:`ui.undo`, :mod:`ui.article_list.trash_commands`,
:mod:`ui.dialogs.export_dialog`, :mod:`ui.dialogs.backups_dialog`, :mod:`ui.window.notices`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QBoxLayout, QMainWindow, QWidget

from reader import Library
from reader.settings import Settings
from ui.article_list.article_list import ArticleListView
from ui.article_list.article_model import ArticleTableModel
from ui.article_list.trash_commands import TrashCommands
from ui.dialogs.backups_dialog import BackupController
from ui.dialogs.export_dialog import ExportController
from ui.library_signals import LibrarySignals
from ui.sidebar.sidebar import TagSidebar
from ui.tasks import Runner
from ui.undo import EditHistory
from ui.window.actions import ActionRegistry
from ui.window.notices import ProblemBanner, TrashBar, UndoNotice

STATUS_MS = 10_000
# How long a copy of the library waits for the writes queued before it (the note just typed):
# past the busy timeout, a write still waiting is refused and said so anyway.
SETTLE_MS = 12_000


class LibrarySafety:
    def __init__(
        self,
        library: Library,
        signals: LibrarySignals,
        history: EditHistory,
        runner: Runner,
        model: ArticleTableModel,
        list_view: ArticleListView,
        sidebar: TagSidebar,
        actions: ActionRegistry,
        banner: ProblemBanner,
        flush_note: Callable[[], bool],
        window: QMainWindow,
        settings: Settings,
    ) -> None:
        self._settings = settings
        self._signals = signals
        self._model = model
        self._list = list_view
        self._flush_note = flush_note
        self._window = window
        self._library = library
        self._actions = actions
        self.history = history
        self.banner = banner
        self.notice = UndoNotice(window.statusBar())
        self.trash = TrashCommands(library, history, model, list_view, actions, window)
        self.exporter = ExportController(library, settings, runner, window)
        self.backups = BackupController(library, runner, window, settings.backups_to_keep)

        history.bind_actions(actions["undo"], actions["redo"])
        history.problem.connect(self.show_problem)
        self.notice.undo_requested.connect(history.undo)
        self.trash.notice.connect(self.notice.show_notice)
        self.trash.problem.connect(self.show_problem)
        sidebar.trash_menu_requested.connect(self.trash.show_trash_menu)
        for part in (self.exporter, self.backups):
            part.message.connect(self.show_status)
        self.backups.problem.connect(self.show_problem)
        self.trash_bar = TrashBar(actions["empty_trash"], window)
        holder = banner.parentWidget()
        layout = holder.layout() if holder is not None else None
        if isinstance(layout, QBoxLayout):  # under the warning banner, over the panes
            layout.insertWidget(layout.indexOf(banner) + 1, self.trash_bar)
        self.trash.view_changed.connect(self.trash_bar.setVisible)
        self.trash.update_actions()

    def handlers(self) -> dict[str, Callable[[], Any]]:
        """Commands for the window's actions, by action name."""
        return {
            "undo": self.history.undo,
            "redo": self.history.redo,
            "delete": self.trash.delete_selected,
            "restore": self.trash.restore_selected,
            "empty_trash": self.trash.empty_trash,
            "export": self.export,
            "restore_export": self._saved(self.exporter.choose_and_restore),
            "backups": self._saved(self.backups.open_dialog),
        }

    def show_read_only(self, also_disabled: Sequence[QWidget] = ()) -> None:
        """Reading, searching and exporting stay; the commands that would write go grey, and
        the banner says why for as long as the window is open (until dismissed)."""
        window = self._window
        window.setWindowTitle(f"{window.windowTitle()} (read-only)")
        for name in ("import_files", "import_folder", "import_links", "paste_link",
                     "restore_export", "save_search", "empty_trash"):
            self._actions[name].setEnabled(False)
        for widget in also_disabled:
            widget.setEnabled(False)
        window.setAcceptDrops(False)
        self.banner.show_problem(
            f"{self._library.name} is read-only: you can read, search and export it, but "
            "changes cannot be saved.", lasting=True)

    def settings_changed(self) -> None:
        self.backups.keep = max(1, self._settings.backups_to_keep)

    def start(self) -> None:
        """Once the window is up: the daily backup and the integrity check, off the GUI
        thread and after the first paint."""
        self.backups.schedule_startup_check()

    # --- commands -----------------------------------------------------------------------------

    def export(self) -> None:
        self._flush_note()
        self.history.settle(SETTLE_MS)
        self.exporter.choose_and_export(self._model.query, self._model.rowCount(),
                                        self._list.selected_ids())

    def _saved(self, command: Callable[[], Any]) -> Callable[[], None]:
        """``command`` after the note being typed is saved (it belongs in any copy)."""

        def run() -> None:
            self._flush_note()
            self.history.settle(SETTLE_MS)
            command()

        return run

    # --- messages -----------------------------------------------------------------------------

    def show_status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)

    def show_problem(self, text: str) -> None:
        """A refused write: said in the banner and the status bar; reading carries on."""
        self.banner.show_problem(text)
        self._window.statusBar().showMessage(text, STATUS_MS)
