"""Opening a library made by an older version: the upgrade runs off the GUI thread while a
dialog says what is happening, that a backup is made first, and where.

:func:`open_library_showing_upgrade` is how the window opens a library (at start and from
*File > Open Library…*). Opening a current library looks as it did: no dialog, and input waits
until it is open. An upgrade of a large library takes tens of seconds (0006 indexes every
article again), during which a window showing nothing looks hung and gets killed.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from reader import Library, LibraryUpgrade
from reader.store.location import LibraryLocation
from ui.dialogs.import_dialog import SHOW_AFTER_MS
from ui.resources import icon
from ui.tasks import TaskContext, TaskRunner


class UpgradeDialog(QDialog):
    """"Upgrading news.sqlite3", what that means, where the backup goes, and a busy bar.

    It has no button and no close button, and Escape does nothing: the upgrade is one
    transaction on another thread, which closing the dialog would not stop, only hide.
    """

    def __init__(self, upgrade: LibraryUpgrade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Upgrading Library")
        self.setAccessibleName("Upgrading the library")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint
                            | Qt.WindowType.WindowTitleHint)
        self.setMinimumWidth(560)
        picture = QLabel(self)
        picture.setPixmap(icon("broadsheet").pixmap(48, 48))
        picture.setAccessibleName("Broadsheet")
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(f"Upgrading {upgrade.library}", self)
        self.heading.setAccessibleName("Upgrade status")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.explanation = _wrapped(
            "This version of Broadsheet keeps the library in a newer form. Converting it "
            "happens once, and can take a minute for a large library: please keep Broadsheet "
            "open until it is done.", self)
        self.explanation.setAccessibleName("What is happening")
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Upgrade progress")
        self.bar.setRange(0, 0)  # the migrations report no steps: busy until done
        self.bar.setTextVisible(False)
        self.backup = QLineEdit(self)
        self.backup.setReadOnly(True)  # to read and copy, not to edit
        self.backup_label = _wrapped("", self)
        self.backup_label.setBuddy(self.backup)
        if upgrade.backup is not None:
            self.backup_label.setText("A backup of the library is made first, at:")
            self.backup.setText(str(upgrade.backup))
            self.backup.setAccessibleName("Backup location")
        else:
            self.backup_label.setText("A server library is not copied here first; its owner "
                                      "can back it up with:")
            self.backup.setText(upgrade.backup_advice)
            self.backup.setAccessibleName("Backup command")
        self.backup_label.setAccessibleName("About the backup")
        self.backup.setToolTip(self.backup.text())
        self.backup.setCursorPosition(0)  # the start of a long path, not its end
        self.reassurance = _wrapped("Should the upgrade fail, the library stays as it was.",
                                    self)
        self.reassurance.setAccessibleName("If the upgrade fails")
        self.reassurance.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        text = QVBoxLayout()
        text.setSpacing(10)
        text.addWidget(self.heading)
        text.addWidget(self.explanation)
        text.addWidget(self.backup_label)
        text.addWidget(self.backup)
        text.addSpacing(8)
        text.addWidget(self.bar)
        text.addWidget(self.reassurance)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 20, 24, 20)
        layout.setSpacing(16)
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)

    def reject(self) -> None:
        """Escape, and the window manager's close, leave it open: see the class."""

    def finish(self) -> None:
        self.accept()


def _wrapped(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class _Opening:
    """One library being opened on a worker thread, with the GUI thread waiting in an event
    loop of its own so the dialog can paint."""

    def __init__(self, location: LibraryLocation | str, parent: QWidget | None) -> None:
        self._location = location
        self._parent = parent
        self._runner = TaskRunner(max_threads=1)
        self._loop = QEventLoop()
        self._outcome: tuple[Library | None, BaseException | None] | None = None
        self._upgrade: LibraryUpgrade | None = None
        self.dialog: UpgradeDialog | None = None
        # A quick upgrade (a small library) ends without a dialog flashing up.
        self._show_timer = QTimer()
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._show)

    def run(self) -> Library:
        def work(context: TaskContext) -> Library:
            return Library.open(self._location,
                                on_upgrade=lambda upgrade: context.progress(upgrade, force=True))

        self._runner.run(work, self._done, self._upgrading)
        try:
            while self._outcome is None:
                # Until the dialog is up, input waits, as it did while the GUI thread opened
                # the library itself; the dialog is application-modal and takes it after.
                self._loop.exec(QEventLoop.ProcessEventsFlag.AllEvents if self.dialog else
                                QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            self._show_timer.stop()
            if self.dialog is not None:
                self.dialog.finish()
                self.dialog.deleteLater()
        library, error = self._outcome
        if error is not None:
            raise error
        assert library is not None
        return library

    def _upgrading(self, upgrade: object) -> None:
        if isinstance(upgrade, LibraryUpgrade):
            self._upgrade = upgrade
            self._show_timer.start()

    def _show(self) -> None:
        if self._outcome is not None or self._upgrade is None:
            return
        self.dialog = UpgradeDialog(self._upgrade, self._parent)
        self.dialog.show()
        self._loop.quit()  # to wait again, taking input now

    def _done(self, result: object, error: BaseException | None) -> None:
        self._outcome = (result if isinstance(result, Library) else None, error)
        self._loop.quit()


def open_library_showing_upgrade(location: LibraryLocation | str,
                                 parent: QWidget | None = None) -> Library:
    """Open ``location`` off the GUI thread, showing :class:`UpgradeDialog` (over ``parent``)
    while an older library is upgraded. Raises what ``Library.open`` raises, on this
    thread."""
    return _Opening(location, parent).run()
