"""The inbox folder in the window: files saved into the folder named in Preferences are
imported while the window is open (:mod:`reader.importing.inbox` does the work).

A single-shot timer, first started after the window's first paint, polls the folder through
the task runner, one poll at a time (an Inbox is not thread-safe), and is re-armed for when
the next file will have settled. A change notice from QFileSystemWatcher brings the next
poll forward, but nothing depends on one: a folder on a network share sends none. Imports
announce their changes as any write does, so the list grows; what each poll took is said in
the status bar. Files saved while the app was closed are simply there at the first poll, and
each handled file leaves the folder (or is remembered beside the library), so it is taken
once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from reader import Library
from reader.records import CancelCheck, Duplicate, Failed, ImportReport
from ui.tasks import Runner, Task, TaskContext

if TYPE_CHECKING:
    from reader.importing.inbox import Handled, Inbox

# A change notice comes as a file is created, before it is written: a short wait lets a burst
# of them make one poll.
EARLY_POLL_MS = 300
_ENTRY = re.compile(r"#\d+( <[^>]*>)?$")  # after an export's name: which entry


class InboxWatch(QObject):
    """Watches the inbox folder, if there is one and the library can be written."""

    message = Signal(str)  # a line for the status bar

    # How long a file must stay unchanged, and the longest wait between looks (seconds):
    # reader.importing.inbox's defaults (None) unless a test asks for less.
    settle: float | None = None
    interval: float | None = None

    def __init__(self, library: Library, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._runner = runner
        self._inbox: Inbox | None = None
        self._folder: str | None = None
        self._task: Task | None = None
        self._soon = False  # a change notice came while a poll ran
        self._problem: str | None = None  # said once, until the folder reads again
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)
        self._notices: QFileSystemWatcher | None = None
        self._interval = 0.0
        self._tags: tuple[str, ...] = ()  # given to every article it imports (Preferences)

    @property
    def folder(self) -> Path | None:
        """The folder watched now, or None."""
        return self._inbox.folder if self._inbox is not None else None

    def watch(self, folder: str | None, tags: Sequence[str] = ()) -> None:
        """Watch ``folder`` (None: nothing) from now on, giving what it brings ``tags``; the
        first look is at once."""
        self._tags = tuple(tags)
        if self._inbox is not None and folder == self._folder:
            return
        self.stop()
        self._folder = folder
        if folder is None or self._library.read_only:
            return
        from reader.importing.inbox import DEFAULT_POLL_SECONDS, DEFAULT_SETTLE_SECONDS, Inbox
        from reader.importing.inbox_record import InboxRecord, record_for

        self._interval = self.interval or DEFAULT_POLL_SECONDS
        self._inbox = Inbox(Path(folder).expanduser(), self._import,
                            settle=self.settle or DEFAULT_SETTLE_SECONDS,
                            record=InboxRecord(record_for(self._library.location,
                                                          self._library.path)))
        self._notices = QFileSystemWatcher(self)
        self._notices.directoryChanged.connect(self.poll_soon)
        self._timer.start(0)

    def stop(self) -> None:
        """Stop watching; a poll under way is cancelled (files it did not reach stay)."""
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self._inbox = None
        self._problem = None
        if self._notices is not None:
            self._notices.deleteLater()
            self._notices = None

    def poll_soon(self, *_args: object) -> None:
        """Look soon: something changed in the folder."""
        if self._inbox is None:
            return
        if self._task is not None:
            self._soon = True  # the poll under way may have missed it
        elif not self._timer.isActive() or self._timer.remainingTime() > EARLY_POLL_MS:
            self._timer.start(EARLY_POLL_MS)

    def poll(self) -> None:
        inbox = self._inbox
        if inbox is None or self._task is not None:
            return

        def work(context: TaskContext) -> list[Handled]:
            return inbox.poll(context.is_cancelled)

        self._soon = False
        task = self._runner.run(work, lambda result, error: self._polled(inbox, result, error))
        if not task.finished:
            self._task = task

    # --- on the GUI thread, after a poll ------------------------------------------------------

    def _import(self, paths: Sequence[Path], cancel: CancelCheck | None) -> ImportReport:
        return self._library.import_paths(paths, tags=self._tags, cancel=cancel)

    def _polled(self, inbox: Inbox, handled: Any, error: BaseException | None) -> None:
        self._task = None
        if inbox is not self._inbox:
            return  # stopped, or another folder chosen, while it ran
        if error is not None:
            self._say_problem(str(error) or type(error).__name__)
        else:
            self._problem = None
            self._notice_changes(inbox.folder)
            if handled:
                self.message.emit(handled_text(handled))
        wait = EARLY_POLL_MS / 1000 if self._soon else inbox.seconds_to_next_poll(self._interval)
        self._timer.start(int(wait * 1000))

    def _notice_changes(self, folder: Path) -> None:
        """Ask for change notices of the folder (again, after it came back from being away)."""
        if self._notices is not None and str(folder) not in self._notices.directories():
            self._notices.addPath(str(folder))

    def _say_problem(self, text: str) -> None:
        if text != self._problem:  # every two seconds would drown the status bar
            self._problem = text
            self.message.emit(f"Inbox: {text}")


def handled_text(handled: Sequence[Handled]) -> str:
    """A line for the status bar on what one poll took from the inbox."""
    results = [item.result for item in handled]
    if len(results) == 1:
        result = results[0]
        name = _name(result.path)
        if isinstance(result, Failed):
            return f"Inbox: {name} could not be imported: {result.reason}."
        if isinstance(result, Duplicate):
            return f"Inbox: {name} is already in the library (article {result.of})."
        return f"Inbox: imported {name}."
    failed = sum(isinstance(result, Failed) for result in results)
    duplicates = sum(isinstance(result, Duplicate) for result in results)
    parts = [f"imported {len(results) - failed - duplicates:,}"]
    if duplicates:
        parts.append(f"{duplicates:,} already in the library")
    if failed:
        parts.append(f"{failed:,} could not be imported (see the Not imported folder)")
    return f"Inbox: {', '.join(parts)}."


def _name(path: str) -> str:
    """The file's name; an export's entry (``FILE#3 <url>``) by the export's."""
    return Path(_ENTRY.sub("", path)).name or path
