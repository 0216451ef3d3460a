"""File > Backups…: the library's backups with what each holds, "Back Up Now" and "Restore…";
and the start-up check (a daily backup, then an integrity check of the library file).

Everything that reads or copies a library file runs off the GUI thread.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader import BroadsheetError, Library
from reader.settings import BACKUPS_TO_KEEP
from reader.store.interface import BackupInfo, BackupPreview
from ui.dialogs.work_progress import ProgressTask
from ui.plain_text import as_plain, message_box, plain_label
from ui.tasks import Runner

STARTUP_CHECK_DELAY_MS = 1500  # after the window is up: never in the way of the first paint
LABELS = {"daily": "Daily", "manual": "Made by hand", "before-restore": "Before a restore"}
InfoRole = int(Qt.ItemDataRole.UserRole) + 1


def kind_text(label: str) -> str:
    if label.startswith("before-upgrade"):
        return "Before an upgrade"
    return LABELS.get(label, label.replace("-", " ").capitalize())


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size:,} bytes"


def when_text(info: BackupInfo) -> str:
    return f"{info.created:%d %B %Y, %H:%M}".lstrip("0")


def _count(count: int, one: str) -> str:
    return f"{count:,} {one}{'' if count == 1 else 's'}"


def preview_text(held: BackupPreview) -> str:
    newest = f"{held.newest_import:%d %B %Y}".lstrip("0") if held.newest_import else "—"
    return (f"{_count(held.articles, 'article')} (the Trash included) · "
            f"{_count(held.tags, 'tag')} · {_count(held.notes, 'note')} · "
            f"{_count(held.highlights, 'highlight')}\nNewest import: {newest}")


class StartupReport(Struct, frozen=True):
    backup_error: str
    problems: list[str]
    sound_backup: BackupInfo | None


class BackupController(QObject):
    """Backs up and restores off the GUI thread; ``restored`` fires once a restore landed."""

    restored = Signal()
    message = Signal(str)  # for the status bar
    problem = Signal(str)  # shown without stopping anything (the warning banner)

    def __init__(
        self, library: Library, runner: Runner, window: QWidget, keep: int = BACKUPS_TO_KEEP.default
    ) -> None:
        super().__init__(window)
        self.library = library
        self.keep = max(1, keep)
        self.runner = runner
        self._window = window
        self.dialog: BackupsDialog | None = None

    def open_dialog(self) -> BackupsDialog:
        if self.dialog is None:
            self.dialog = BackupsDialog(self, self._window)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def back_up_now(self, then: Any = None) -> None:
        library = self.library
        task = ProgressTask(self.runner, self._window, "Backup", "Backing up the library…",
                            cancellable=False)

        def done(path: Any, error: BaseException | None) -> None:
            if error is not None:
                self.show_error("Backup failed", f"The backup could not be made: {error}.")
            else:
                self.message.emit(f"Backed up the library to {path.name}")
            if then is not None:
                then()

        task.finished.connect(done)
        task.start(lambda _progress, _cancel: library.backups.make("manual"))

    def confirm_restore(self, info: BackupInfo) -> bool:
        box = message_box(QMessageBox.Icon.Question, "Restore backup",
                          f"Replace the library with the backup from {when_text(info)}?",
                          QMessageBox.StandardButton.Cancel, self._window)
        box.setInformativeText(
            "Everything in the library now is replaced by what the backup holds. The current "
            "state is kept first as a ‘before-restore’ backup, so you can come back to it "
            "from this list.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is restore

    def restore(self, info: BackupInfo, *, confirm: bool = True) -> None:
        if confirm and not self.confirm_restore(info):
            return
        library = self.library
        task = ProgressTask(self.runner, self._window, "Restore",
                            f"Restoring the backup from {when_text(info)}…", cancellable=False)

        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.show_error("Restore failed",
                                f"The backup was not restored: {error}. The library is as it "
                                "was.")
                return
            self.message.emit(f"Restored the backup from {when_text(info)}")
            self.restored.emit()
            if self.dialog is not None:
                self.dialog.refresh()

        task.finished.connect(done)
        task.start(lambda _progress, _cancel: library.backups.revert_to(info.path))

    def show_error(self, title: str, text: str) -> None:
        box = message_box(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- at start-up --------------------------------------------------------------------------

    def schedule_startup_check(self) -> None:
        QTimer.singleShot(STARTUP_CHECK_DELAY_MS, self.check_at_startup)

    def check_at_startup(self) -> None:
        """Daily backup and integrity check off the GUI thread; a damaged library file leads
        to an offer to restore the newest sound backup."""
        library = self.library

        def work(_context: Any) -> StartupReport:
            backup_error = ""
            try:
                library.backups.daily(keep=self.keep)
            except BroadsheetError as exc:
                backup_error = str(exc)
            problems = library.backups.problems()
            sound = None
            if problems:
                sound = next((b for b in library.backups.newest_first()
                              if not library.backups.problems(b.path)), None)
            return StartupReport(backup_error, problems, sound)

        self.runner.run(work, self._checked)

    def _checked(self, report: Any, error: BaseException | None) -> None:
        if error is not None or not isinstance(report, StartupReport):
            self.problem.emit(f"The start-up check of the library could not run: {error}.")
            return
        if report.backup_error:
            self.problem.emit(f"Today's backup could not be made: {report.backup_error}.")
        if report.problems:
            self.offer_restore(report)

    def offer_restore(self, report: StartupReport) -> QMessageBox:
        sound = report.sound_backup
        box = message_box(QMessageBox.Icon.Warning, "The library file is damaged",
                          "The library file has errors, and some of it may not read back.",
                          QMessageBox.StandardButton.NoButton, self._window)
        box.setAccessibleName("The library file is damaged")
        shown = "; ".join(report.problems[:3])
        box.setDetailedText("\n".join(report.problems[:50]))
        if sound is not None:
            box.setInformativeText(
                f"The newest sound backup is from {when_text(sound)}. Restore it? The damaged "
                f"file is kept as a ‘before-restore’ backup.\n\nFirst error: {shown}")
            restore = box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole)
            restore.setAccessibleName("Restore the newest sound backup")
            box.addButton("Not Now", QMessageBox.ButtonRole.RejectRole)
            restore.clicked.connect(lambda: self.restore(sound, confirm=False))
        else:
            box.setInformativeText(
                "There is no sound backup to go back to. Export what can be read with File > "
                f"Export… (JSON) soon.\n\nFirst error: {shown}")
            box.addButton(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box


class BackupsDialog(QDialog):
    """The backups, newest first, and what the chosen one holds."""

    def __init__(self, controller: BackupController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setWindowTitle("Backups")
        self.setAccessibleName("Backups")
        self.resize(620, 420)
        intro = QLabel("Broadsheet copies the library once a day and keeps the last "
                       f"{controller.keep} daily copies. Restoring keeps the current state as "
                       "a backup first.", self)
        intro.setWordWrap(True)
        intro.setAccessibleName("About backups")
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Backups")
        self.list.setHeaderLabels(["Date", "Kind", "Size"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setAccessibleName("Backup columns")
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(lambda *_: self._show_preview())
        self.list.itemDoubleClicked.connect(lambda *_: self.restore_chosen())
        self.preview_box = QGroupBox("In this backup", self)
        self.preview = plain_label(QLabel(self.preview_box))
        self.preview.setAccessibleName("What the backup holds")
        self.preview.setWordWrap(True)
        self.preview.setMinimumHeight(48)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel("No backups yet. “Back Up Now” makes one.", self)
        self.empty.setAccessibleName("No backups")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.backup_button = QPushButton("Back Up Now", self)
        self.backup_button.setAccessibleName("Back up now")
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton("Restore…", self)
        self.restore_button.setAccessibleName("Restore the chosen backup")
        self.restore_button.clicked.connect(self.restore_chosen)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        QVBoxLayout(self.preview_box).addWidget(self.preview)
        layout.addWidget(self.preview_box)
        layout.addLayout(buttons)
        self._previewed: BackupInfo | None = None

    def refresh(self) -> None:
        chosen = self.chosen()
        self.list.clear()
        try:
            found = self._controller.library.backups.newest_first()
        except OSError as exc:
            found = []
            self.preview.setText(f"The backup folder cannot be read: {exc}")
        for info in found:
            item = QTreeWidgetItem([when_text(info), kind_text(info.label), size_text(info.size)])
            item.setData(0, InfoRole, info)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, as_plain(str(info.path)))
            self.list.addTopLevelItem(item)
            if chosen is not None and info.path == chosen.path:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        self.list.setVisible(bool(found))
        self.preview_box.setVisible(bool(found))
        self.empty.setVisible(not found)
        # Restoring replaces the library file, which a read-only library cannot have done.
        self.restore_button.setEnabled(bool(found) and not self._controller.library.read_only)
        self._show_preview()

    def chosen(self) -> BackupInfo | None:
        item = self.list.currentItem()
        return item.data(0, InfoRole) if item is not None else None

    def back_up(self) -> None:
        self.backup_button.setEnabled(False)

        def again() -> None:
            self.backup_button.setEnabled(True)
            self.refresh()

        self._controller.back_up_now(then=again)

    def restore_chosen(self) -> None:
        info = self.chosen()
        if info is not None:
            self._controller.restore(info)

    def _show_preview(self) -> None:
        info = self.chosen()
        self._previewed = info
        if info is None:
            self.preview.setText("")
            return
        self.preview.setText("Reading the backup…")

        def done(held: Any, error: BaseException | None) -> None:
            if self._previewed != info:
                return  # another backup was chosen meanwhile
            if error is not None:
                self.preview.setText(f"This backup cannot be read: {error}")
            else:
                self.preview.setText(preview_text(held))

        backups = self._controller.library.backups
        self._controller.runner.run(lambda _context: backups.preview(info.path), done)
