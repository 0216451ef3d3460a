"""The window's feeds: File > Add Feed…, Refresh Feeds (F5), refreshing at start and every
few minutes, and the sidebar's per-feed commands (refresh, settings, unsubscribe).

Every fetch and write runs off the GUI thread on the window's runner. A refresh reports its
progress in the status bar; its articles reach the list through the library's one change
channel as each feed lands, so the list fills while it runs. Closing the window cancels it
(the runner's cancel), and whatever feeds were stored by then stay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar, QToolButton

from reader import BroadsheetError
from ui.tasks import Task, TaskContext

if TYPE_CHECKING:  # the dialogs load when first opened, not with the window
    from reader.feeds.records import FeedChanges, FeedRefresh, RefreshProgress
    from ui.dialogs.feed_dialogs import AddFeedDialog, FeedSettingsDialog

# The first refresh waits for the window to settle: its reads run first (the runner is held
# until the first paint anyway), and a start-up that opens and closes at once fetches nothing.
STARTUP_DELAY_MS = 3000
MESSAGE_MS = 8000


def refreshed_message(reports: Sequence[FeedRefresh]) -> str:
    new = sum(report.new for report in reports)
    failed = sum(report.failed for report in reports)
    text = f"Feeds refreshed: {new:,} new article" + ("" if new == 1 else "s")
    if failed:
        text += f"; {failed} failed (a feed marked ! says why)"
    return text


class FeedsController(QObject):
    """Connects the window's feed commands; ``window`` is the main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window: QMainWindow = window
        self._library = window.library
        self._runner = window.runner
        self._settings = window.settings
        self._section = window.sidebar.feeds
        self._task: Task | None = None
        self.progress = QProgressBar(window)
        self.progress.setAccessibleName("Feed refresh progress")
        self.progress.setMaximumWidth(140)
        self.progress.setTextVisible(False)
        self.progress.hide()
        # A feed that hangs holds a refresh up to its deadline: the reader may stop it there.
        self.stop = QToolButton(window)
        self.stop.setText("Stop")
        self.stop.setAccessibleName("Stop refreshing feeds")
        self.stop.setToolTip("Stop refreshing feeds; the feeds refreshed so far are kept")
        self.stop.setAutoRaise(True)
        self.stop.clicked.connect(self.stop_refresh)
        self.stop.hide()
        self._stopped = False
        window.statusBar().addPermanentWidget(self.progress)
        window.statusBar().addPermanentWidget(self.stop)
        actions = window.actions_
        actions["add_feed"].triggered.connect(lambda _checked=False: self.add_feed())
        actions["refresh_feeds"].triggered.connect(lambda _checked=False: self.refresh())
        writable = not self._library.read_only
        for name in ("add_feed", "refresh_feeds"):
            actions[name].setEnabled(writable)
        self._section.refresh_requested.connect(lambda feed_id: self.refresh([feed_id]))
        self._section.settings_requested.connect(self.edit_feed)
        self._section.remove_requested.connect(self.remove_feed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._refresh_automatically)
        self.settings_changed()
        if writable and self._settings.feed_refresh_minutes:
            # Tied to this object: a window closed before then refreshes nothing.
            QTimer.singleShot(STARTUP_DELAY_MS, self, self._refresh_automatically)

    @property
    def refreshing(self) -> bool:
        return self._task is not None

    def settings_changed(self) -> None:
        """Refresh every ``feed_refresh_minutes`` (never automatically when it is 0)."""
        minutes = self._settings.feed_refresh_minutes
        if minutes and not self._library.read_only:
            self._timer.start(minutes * 60_000)
        else:
            self._timer.stop()

    # --- refreshing -----------------------------------------------------------------------

    def _refresh_automatically(self) -> None:
        # A library that follows no feed loads no fetcher (the sidebar has read the list by
        # now: the first refresh comes seconds after the first paint).
        if self._section.loaded and not self._section.feeds:
            return
        self.refresh(automatic=True)

    def refresh(self, ids: Sequence[int] | None = None, *, automatic: bool = False) -> None:
        """Refresh every feed (or those of ``ids``) in the background, unless one runs."""
        if self._task is not None or self._library.read_only:
            if not automatic and self._task is not None:
                self._say("Feeds are being refreshed already")
            return
        if automatic and not self._window.isVisible():
            return  # closed, or not shown yet
        library = self._library

        def work(context: TaskContext) -> list[FeedRefresh]:
            return library.feeds.refresh(ids, progress=context.progress,
                                         cancel=context.is_cancelled)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop.show()
        self._stopped = False
        if not automatic:
            self._say("Refreshing feeds…")
        self._task = self._runner.run(work, self._refreshed, self._progressed)
        if self._task.finished:  # a runner that works at once (tests) has delivered already
            self._task = None

    def stop_refresh(self) -> None:
        """Stop the refresh running: the feed being stored is finished, no other is begun."""
        if self._task is not None:
            self._stopped = True
            self._task.cancel()
            self._say("Stopping the feed refresh…")

    def _progressed(self, value: RefreshProgress) -> None:
        self.progress.setRange(0, max(1, value.total))
        self.progress.setValue(value.done)
        self.progress.setToolTip(f"Refreshing feeds: {value.done} of {value.total}")
        self._say(f"Refreshing feeds: {value.done} of {value.total} ({value.title}), "
                  f"{value.new:,} new")

    def _refreshed(self, reports: list[FeedRefresh] | None,
                   error: BaseException | None) -> None:
        self._task = None
        self.progress.hide()
        self.stop.hide()
        if error is not None:
            self._say(f"Could not refresh feeds: {error}")
        elif self._stopped:
            new = sum(report.new for report in reports or ())
            self._say(f"Feed refresh stopped: {new:,} new article"
                      + ("" if new == 1 else "s") + " kept")
        elif reports:
            self._say(refreshed_message(reports))

    # --- subscriptions --------------------------------------------------------------------

    def add_feed(self) -> AddFeedDialog:
        from ui.dialogs.feed_dialogs import AddFeedDialog

        dialog = AddFeedDialog(self._window)
        dialog.accepted.connect(lambda: self.subscribe(*dialog.chosen()))
        dialog.open()
        return dialog

    def subscribe(self, url: str, tags: Sequence[str] = (), full_text: bool = False) -> None:
        """Subscribe in the background; the feed's articles come in with it."""
        library = self._library
        self._say(f"Looking for a feed at {url}…")

        def work(context: TaskContext) -> Any:
            return library.feeds.subscribe(url, tags=tags, full_text=full_text,
                                           cancel=context.is_cancelled)

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self._refused("Add Feed", error)
                return
            feed, report = result
            self._say(f"Subscribed to {feed.title}: {report.new:,} new article"
                      + ("" if report.new == 1 else "s"))
            self._section.choose_when_listed(feed.id)  # show its articles

        self._runner.run(work, done)

    def edit_feed(self, feed_id: int) -> FeedSettingsDialog | None:
        from ui.dialogs.feed_dialogs import FeedSettingsDialog

        feed = next((f for f in self._section.feeds if f.id == feed_id), None)
        if feed is None:
            return None
        dialog = FeedSettingsDialog(feed, self._window)
        dialog.accepted.connect(lambda: self._write(
            "Feed Settings", lambda: self._library.feeds.update(feed_id, dialog.chosen())))
        dialog.open()
        return dialog

    def update_feed(self, feed_id: int, changes: FeedChanges) -> None:
        self._write("Feed Settings", lambda: self._library.feeds.update(feed_id, changes))

    def remove_feed(self, feed_id: int) -> None:
        feed = next((f for f in self._section.feeds if f.id == feed_id), None)
        if feed is None or not confirm_unsubscribe(self._window, feed.title):
            return
        self._write("Unsubscribe", lambda: self._library.feeds.remove(feed_id))

    def _write(self, title: str, change: Callable[[], Any]) -> None:
        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                self._refused(title, error)

        self._runner.run(lambda _context: change(), done)

    def _refused(self, title: str, error: BaseException) -> None:
        text = str(error) if isinstance(error, BroadsheetError) else f"Unexpected error: {error}"
        self._say(f"{title}: {text}")
        QMessageBox.warning(self._window, title, text[:1].upper() + text[1:])

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, MESSAGE_MS)


def confirm_unsubscribe(parent: QMainWindow, title: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, "Unsubscribe",
                      f"Unsubscribe from '{title}'? The articles it brought stay in the library.",
                      QMessageBox.StandardButton.Cancel, parent)
    remove = box.addButton("Unsubscribe", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is remove
