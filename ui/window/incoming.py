"""What comes into the library besides the Import dialogs, composed for the main window:
links pasted (Edit > Paste Link, Ctrl+V), dropped on the window or typed (File > Import
Links…, with tags), the pages of articles saved with only their address (Article > Fetch
Text), and the inbox folder.

A link goes through the same import as files (:class:`ui.dialogs.import_dialog.
ImportController`), with its progress and summary; fetching is
:mod:`ui.dialogs.fetch_dialog`; the inbox is :mod:`ui.window.inbox_watch`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from reader import ArticleSummary, Library
from reader.addresses import web_url
from reader.settings import Settings
from ui.article_list.article_list import ArticleListView
from ui.dialogs.import_dialog import ImportController
from ui.tasks import Runner
from ui.window.actions import ActionRegistry

if TYPE_CHECKING:  # these load on first use: the window paints without them
    from ui.dialogs.fetch_dialog import FetchTextController
    from ui.dialogs.link_dialog import ImportLinksDialog
    from ui.window.inbox_watch import InboxWatch

STATUS_MS = 10_000
NOTHING_TO_PASTE = "The clipboard holds no link or file to import."


def carried_targets(mime: QMimeData | None) -> list[str]:
    """The files and web links a drop or the clipboard carries, to import; [] when it
    carries anything else (a ``mailto:``, a ``javascript:`` link, plain words)."""
    if mime is None:
        return []
    if mime.hasUrls():
        targets: list[str] = []
        for url in mime.urls():
            if url.isLocalFile():
                targets.append(url.toLocalFile())
                continue
            link = web_url(bytes(url.toEncoded().data()).decode("ascii", "replace"))
            if link is None:
                return []
            targets.append(link)
        return targets
    words = mime.text().split() if mime.hasText() else []
    links = [web_url(word) for word in words]
    return [link for link in links if link is not None] if all(links) else []


class Incoming(QObject):
    fetched = Signal(object)  # a FetchReport: the articles fetched have their text now

    def __init__(
        self,
        library: Library,
        runner: Runner,
        settings: Settings,
        importer: ImportController,
        list_view: ArticleListView,
        actions: ActionRegistry,
        window: QMainWindow,
    ) -> None:
        super().__init__(window)
        self._library = library
        self._runner = runner
        self._settings = settings
        self._importer = importer
        self._list = list_view
        self._actions = actions
        self._window = window
        self._started = False
        self._stopped = False
        self._fetcher: FetchTextController | None = None
        self._inbox: InboxWatch | None = None

    @property
    def fetcher(self) -> FetchTextController:
        if self._fetcher is None:
            from ui.dialogs.fetch_dialog import FetchTextController

            self._fetcher = FetchTextController(self._library, self._runner, self._window)
            self._fetcher.message.connect(self.show_status)
            self._fetcher.finished.connect(self.fetched)
        return self._fetcher

    @property
    def inbox(self) -> InboxWatch:
        if self._inbox is None:
            from ui.window.inbox_watch import InboxWatch

            self._inbox = InboxWatch(self._library, self._runner, self._window)
            self._inbox.message.connect(self.show_status)
        return self._inbox

    def handlers(self) -> dict[str, Callable[[], Any]]:
        """Commands for the window's actions, by action name."""
        return {"fetch_text": self.fetch_text, "paste_link": self.paste,
                "import_links": self.import_links}

    def start(self) -> None:
        """Once the window has painted: watch the inbox folder (a first look at once)."""
        if not self._started and not self._stopped:
            self._started = True
            self.inbox.watch(self._settings.inbox_folder, self._settings.inbox_tags)

    def settings_changed(self) -> None:
        if self._started and not self._stopped:
            self.inbox.watch(self._settings.inbox_folder, self._settings.inbox_tags)

    def stop(self) -> None:
        """The window is closing: no poll or fetch carries on behind it, or starts after."""
        self._stopped = True
        if self._inbox is not None:
            self._inbox.stop()
        if self._fetcher is not None:
            self._fetcher.cancel()

    def update_actions(self, summaries: Sequence[ArticleSummary]) -> None:
        waiting = any(not summary.text_fetched for summary in summaries)
        self._actions["fetch_text"].setEnabled(waiting and not self._library.read_only)

    # --- commands -----------------------------------------------------------------------------

    def fetch_text(self) -> None:
        self.fetcher.start(self._list.selected_or_current_ids())

    def import_links(self) -> ImportLinksDialog:
        """File > Import Links…: the links typed (or found on the clipboard), with tags."""
        from ui.dialogs.link_dialog import ImportLinksDialog

        dialog = ImportLinksDialog(self._window)
        dialog.accepted.connect(lambda: self._importer.start(*dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def paste(self) -> bool:
        """Import the links (or files) on the clipboard."""
        targets = carried_targets(QApplication.clipboard().mimeData())
        if not targets:
            self.show_status(NOTHING_TO_PASTE)
            return False
        return self._importer.start(targets)

    def accepts(self, mime: QMimeData | None) -> bool:
        return bool(carried_targets(mime))

    def drop(self, mime: QMimeData | None) -> bool:
        targets = carried_targets(mime)
        return bool(targets) and self._importer.start(targets)

    def show_status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, STATUS_MS)
