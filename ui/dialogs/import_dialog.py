"""Importing from the GUI: the progress dialog, the summary, and the flow that ties them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader import ArticleQuery, ImportProgress, ImportReport, Library
from reader.addresses import web_url
from reader.records import Duplicate
from ui.plain_text import as_plain, plain_label, warn
from ui.tasks import Runner, Task, TaskContext


def article_filter() -> str:
    """Every kind of article file, and the read-later exports (recognised by content)."""
    # Imported here: the readers load lxml and more, which the window's start need not wait for.
    from reader.importing.formats import IMPORTABLE_SUFFIXES
    from reader.importing.readlater.recognise import EXPORT_SUFFIXES

    names = " ".join(f"*{suffix}" for suffix in sorted(IMPORTABLE_SUFFIXES | EXPORT_SUFFIXES))
    return f"Articles and read-later exports ({names});;All files (*)"


SHOW_AFTER_MS = 400  # quick imports finish without a dialog flashing up


def _elide_middle(label: QLabel, text: str) -> None:
    width = max(200, label.width())
    label.setText(label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, width))
    label.setToolTip(as_plain(text))


class ImportProgressDialog(QDialog):
    """A bar with "312 / 2,000", the file being read, and Cancel."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importing articles")
        self.setAccessibleName("Import progress")
        self.setMinimumWidth(460)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.heading = QLabel("Looking for article files…", self)
        self.heading.setAccessibleName("Import status")
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Import progress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(True)
        self.file_label = plain_label(QLabel(self))  # a file's name may hold anything
        self.file_label.setAccessibleName("File being imported")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tally = QLabel(self)
        self.tally.setAccessibleName("Import tally")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        for widget in (self.heading, self.bar, self.file_label, self.tally):
            layout.addWidget(widget)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

    def update_progress(self, progress: ImportProgress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.done)
            self.bar.setFormat(f"{progress.done:,} / {progress.total:,}")
            self.heading.setText("Importing articles…")
        _elide_middle(self.file_label, progress.path)
        bits = [f"{progress.imported:,} new"]
        if progress.duplicates:  # (of articles in the library, or of files of this import)
            plural = "s" if progress.duplicates != 1 else ""
            bits.append(f"{progress.duplicates:,} duplicate{plural}")
        if progress.failed:
            bits.append(f"{progress.failed:,} could not be read")
        self.tally.setText(" · ".join(bits))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.heading.setText("Stopping after the current file…")
        self.cancel_requested.emit()

    def reject(self) -> None:  # Escape or the close button cancel too
        if self.cancel_button.isEnabled():
            self._cancel()


class ImportSummaryDialog(QDialog):
    """What an import did: how many landed, which were duplicates of what, what failed."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None,
                 waiting: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        self.setAccessibleName("Import summary")
        self.resize(640, 380)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(report, waiting), self)
        self.summary.setAccessibleName("Import result")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        imported = report.imported_ids()
        rows = [_duplicate_row(d, imported) for d in report.duplicates]
        rows += [("Not imported", f.path, f.reason) for f in report.failed]
        rows += [("Warning", w.path, w.message) for w in report.warnings]
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName("Files that need attention")
        self.table.setHorizontalHeaderLabels(["Result", "File", "Details"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, (kind, path, detail) in enumerate(rows):
            for column, text in enumerate((kind, path, detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(as_plain(text))
                self.table.setItem(row, column, item)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close import summary")
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        if not rows:
            self.resize(420, 140)


def _duplicate_row(duplicate: Duplicate, imported: frozenset[int]) -> tuple[str, str, str]:
    same = "same address as" if duplicate.by == "address" else "same as"
    if duplicate.of in imported:  # another file of this import brought that article in
        return ("Duplicate", duplicate.path,
                f"{same} article #{duplicate.of} (also in this import)")
    if duplicate.in_trash:
        return ("In the Trash", duplicate.path,
                f"{same} article #{duplicate.of}, in the Trash")
    return ("Already in library", duplicate.path, f"{same} article #{duplicate.of}")


def _trashed_text(count: int) -> str:
    # Without this the file seems to vanish: its original is left out of every list but the
    # Trash's.
    if count == 1:
        return "1 of them is in the Trash; restore it from the Trash to see it again."
    return f"{count:,} of them are in the Trash; restore them from the Trash to see them again."


def summary_text(report: ImportReport, waiting: int = 0) -> str:
    """The import in a line or two; ``waiting`` of the articles imported have only their
    address (read-later entries without their text)."""
    if not report.processed and not report.cancelled:
        # "Imported 0 articles" would read as success: most likely the wrong folder.
        return "Nothing to import: no .txt or .md files were found there."
    count = len(report.imported)
    parts = [f"Imported {count:,} article{'s' if count != 1 else ''}."]
    imported = report.imported_ids()
    repeats = sum(1 for duplicate in report.duplicates if duplicate.of in imported)
    if len(report.duplicates) > repeats:
        parts.append(f"{len(report.duplicates) - repeats:,} already in the library.")
        trashed = sum(1 for duplicate in report.duplicates if duplicate.in_trash)
        if trashed:
            parts.append(_trashed_text(trashed))
    if repeats:
        parts.append(f"{repeats:,} repeated another file of this import.")
    if report.failed:
        parts.append(f"{len(report.failed):,} could not be imported.")
    if waiting:
        parts.append(_waiting_text(waiting, count))
    if report.cancelled:
        parts.append("Cancelled: the articles imported so far were kept.")
    return " ".join(parts)


def _waiting_text(waiting: int, imported: int) -> str:
    # Said, or a read-later export seems to bring in titles alone: the pages are a command away.
    if imported == 1:
        return ("The article imported has only its web address: Article ▸ Fetch Text "
                "downloads its text.")
    which = f"All {imported:,}" if waiting == imported else f"{waiting:,} of the {imported:,}"
    return (f"{which} imported have only their web address: Article ▸ Fetch Text downloads the "
            "text of those selected (search is:unfetched to list them).")


def waiting_for_text(library: Library, report: ImportReport) -> int:
    """How many of the articles ``report`` imported have only their address. Read off the
    GUI thread, with the import: the articles still waiting in the library, kept to those."""
    if not report.imported:
        return 0
    waiting = set(library.article_ids(ArticleQuery(search="is:unfetched")))
    return sum(1 for item in report.imported if item.id in waiting)


def needs_summary(report: ImportReport) -> bool:
    return bool(report.duplicates or report.failed or report.warnings or report.cancelled)


class ImportController(QObject):
    """Runs one import at a time off the GUI thread and reports on it. The list hears of
    each batch the library commits, as of every other write, through ``Library.subscribe``:
    new articles show up while the import goes on."""

    finished = Signal(object)  # ImportReport
    message = Signal(str)  # a line for the status bar

    def __init__(self, library: Library, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self._library = library
        self._runner = runner
        self._window = parent
        self._task: Task | None = None
        self._dialog: ImportProgressDialog | None = None
        self.summary: ImportSummaryDialog | None = None
        self._waiting = 0  # of the last import's articles, how many have only their address
        self.show_summary: Callable[[ImportReport], None] = self._show_summary

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.finished

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self._window, "Import article files", "",
                                                article_filter())
        self.start(paths)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, "Import a folder of articles")
        if folder:
            self.start([folder])

    def start(self, paths: Sequence[str | os.PathLike[str]], tags: Sequence[str] = ()) -> bool:
        """Import ``paths`` (files, folders, web links), giving every article ``tags``."""
        if not paths:
            return False
        if self.running:
            QMessageBox.information(
                self._window, "Import", "An import is already running; wait for it to finish."
            )
            return False
        dialog = ImportProgressDialog(self._window)
        self._dialog = dialog
        # A web link stays as it is: as a path, its "//" would become "/".
        targets = [p if isinstance(p, str) and web_url(p) else str(Path(p)) for p in paths]
        library = self._library

        def work(context: TaskContext) -> tuple[ImportReport, int]:
            def progress(value: ImportProgress) -> None:
                context.progress(value, force=value.done == value.total)

            report = library.import_paths(targets, tags=tags, progress=progress,
                                          cancel=context.is_cancelled)
            return report, waiting_for_text(library, report)

        self._task = self._runner.run(work, self._done, self._progress)
        if self._task.finished:
            return True
        dialog.cancel_requested.connect(self.cancel)
        QTimer.singleShot(SHOW_AFTER_MS, self._show_dialog)
        self.message.emit(f"Importing {len(targets):,} item{'s' if len(targets) != 1 else ''}…")
        return True

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _show_dialog(self) -> None:
        if self.running and self._dialog is not None:
            self._dialog.open()

    def _progress(self, value: Any) -> None:
        if not isinstance(value, ImportProgress):
            return
        if self._dialog is not None:
            self._dialog.update_progress(value)

    def _done(self, result: Any, error: BaseException | None) -> None:
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        if error is not None or not isinstance(result, tuple):
            warn(self._window, "Import failed", f"The import stopped: {error}")
            return
        report, self._waiting = result
        self.message.emit(summary_text(report, self._waiting))
        if needs_summary(report):
            self.show_summary(report)
        self.finished.emit(report)

    def _show_summary(self, report: ImportReport) -> None:
        self.summary = ImportSummaryDialog(report, self._window, self._waiting)
        self.summary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary.open()
