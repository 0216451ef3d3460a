"""Long library work (export, restore, backups) off the GUI thread, with a progress dialog.

The same pattern as importing (:mod:`ui.dialogs.import_dialog`): the work runs through the task
runner, the dialog appears only if it takes longer than ``SHOW_AFTER_MS``, shows "done /
total" and offers Cancel; the result or the error comes back on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.dialogs.import_dialog import SHOW_AFTER_MS
from ui.tasks import Runner, Task, TaskContext

ProgressWork = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
"""``work(progress, cancel)``: report ``progress(done, total)``, poll ``cancel()``."""


class WorkProgressDialog(QDialog):
    """A heading, a bar with "312 / 2,000", and Cancel (when the work can stop)."""

    cancel_requested = Signal()

    def __init__(self, title: str, heading: str, unit: str, cancellable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(f"{title} progress")
        self.setMinimumWidth(420)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._unit = unit
        self.heading = QLabel(heading, self)
        self.heading.setAccessibleName(f"{title} status")
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(f"{title} progress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName(f"Cancel {title.lower()}")
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)

    def update_progress(self, done: int, total: int) -> None:
        if total <= 0:
            return
        scaled = 1000 if total > 1_000_000 else total  # QProgressBar counts in ints
        self.bar.setRange(0, scaled)
        self.bar.setValue(done * scaled // total)
        if self._unit == "bytes":
            self.bar.setFormat(f"{done * 100 // total}%")
        else:
            self.bar.setFormat(f"{done:,} / {total:,} {self._unit}")

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.heading.setText("Stopping…")
        self.cancel_requested.emit()

    def reject(self) -> None:  # Escape or the close button cancel too, when they can
        if self.cancel_button.isVisible() and self.cancel_button.isEnabled():
            self._cancel()


class ProgressTask(QObject):
    """One piece of work with its dialog. ``finished(result, error)`` on the GUI thread."""

    finished = Signal(object, object)

    def __init__(self, runner: Runner, window: QWidget, title: str, heading: str,
                 *, unit: str = "articles", cancellable: bool = True) -> None:
        super().__init__(window)
        self._runner = runner
        self.dialog = WorkProgressDialog(title, heading, unit, cancellable, window)
        self.task: Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.finished

    def start(self, work: ProgressWork) -> Task:
        def run(context: TaskContext) -> Any:
            def progress(done: int, total: int) -> None:
                context.progress((done, total), force=done == total)

            return work(progress, context.is_cancelled)

        self.task = self._runner.run(run, self._done, self._progress)
        if not self.task.finished:
            self.dialog.cancel_requested.connect(self.cancel)
            QTimer.singleShot(SHOW_AFTER_MS, self._show)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _show(self) -> None:
        if self.running:
            self.dialog.open()

    def _progress(self, value: Any) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            self.dialog.update_progress(*value)

    def _done(self, result: Any, error: BaseException | None) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        self.finished.emit(result, error)
        self.deleteLater()
