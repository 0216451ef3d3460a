"""Article > Fetch Text: download the pages of articles saved with only their address, off
the GUI thread, with progress and Cancel (:mod:`ui.dialogs.work_progress`).

Each page is read as a saved page is and becomes its article's text (tags, note and state
stay); the list and the article pane update from the change notices as each one lands. What
could not be fetched is listed with its reason when the work is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from reader import Library
from reader.records import CancelCheck, CountProgress, FetchReport
from ui.dialogs.work_progress import ProgressTask
from ui.tasks import Runner

TITLE = "Fetch Text"


def _articles(count: int) -> str:
    return f"{count:,} article{'' if count == 1 else 's'}"


def summary_text(report: FetchReport) -> str:
    """One line for the status bar: what was fetched, what was not."""
    fetched, failed = len(report.fetched), len(report.failed)
    if not fetched and not failed:
        return ("Cancelled. No text was fetched." if report.cancelled
                else "No article was waiting for its text.")
    if failed == 1 and not fetched and not report.cancelled:
        return f"The text could not be fetched: {report.failed[0].reason}."
    parts = ["Cancelled."] if report.cancelled else []
    if fetched:
        parts.append(f"Fetched the text of {_articles(fetched)}.")
    if failed:
        parts.append(f"The text of {_articles(failed)} could not be fetched.")
    return " ".join(parts)


def failure_details(report: FetchReport) -> str:
    return "\n".join(f"{item.url}\n    {item.reason}" for item in report.failed)


class FetchTextController(QObject):
    """One fetch at a time; ``message`` carries a line for the status bar."""

    message = Signal(str)
    finished = Signal(object)  # FetchReport

    def __init__(self, library: Library, runner: Runner, window: QWidget) -> None:
        super().__init__(window)
        self._library = library
        self._runner = runner
        self._window = window
        self._task: ProgressTask | None = None
        self.problems: QMessageBox | None = None  # the last list of failures shown

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    def start(self, ids: Sequence[int]) -> bool:
        """Fetch the text of those of ``ids`` still waiting for it."""
        if not ids:
            return False
        if self.running:
            self.message.emit("The text of other articles is being fetched; wait for it.")
            return False
        library = self._library
        chosen = list(ids)

        def work(progress: CountProgress, cancel: CancelCheck) -> FetchReport:
            # Loaded here: the HTTP client and the extractor are not needed to open the window.
            from reader.importing.fetch_text import fetch_texts

            waiting = [item for item in library.summaries(chosen) if not item.text_fetched]
            return fetch_texts(waiting, library.fill_text, progress=progress, cancel=cancel)

        # How many of the chosen are waiting is known once the worker has read them: the bar
        # counts those ("1 / 3 articles"), the heading does not guess.
        heading = "Downloading the page…" if len(chosen) == 1 else "Downloading the pages…"
        task = ProgressTask(self._runner, self._window, TITLE, heading)
        task.finished.connect(self._done)
        self._task = task
        if not task.start(work).finished:
            self.message.emit("Fetching text…")
        return True

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _done(self, report: Any, error: BaseException | None) -> None:
        self._task = None
        if error is not None or not isinstance(report, FetchReport):
            self.message.emit(f"Fetching the text stopped: {error}")
            return
        self.message.emit(summary_text(report))
        if report.failed:
            self.show_problems(report)
        self.finished.emit(report)

    def show_problems(self, report: FetchReport) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, TITLE, summary_text(report),
                          QMessageBox.StandardButton.Close, self._window)
        box.setAccessibleName("Articles whose text could not be fetched")
        box.setInformativeText("Article ▸ Open Original shows the page in your browser.")
        box.setDetailedText(failure_details(report))
        self.problems = box
        box.open()

