"""File > Export… and File > Restore from Export…: a choice of format and scope, then the
work off the GUI thread with progress and Cancel (:mod:`ui.dialogs.work_progress`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from msgspec import Struct
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader import ArticleQuery, BroadsheetError, Library
from reader.settings import Settings
from ui.dialogs.work_progress import ProgressTask
from ui.plain_text import message_box
from ui.tasks import Runner


class ExportKind(StrEnum):
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"


KINDS: dict[ExportKind, tuple[str, str, str]] = {  # label, file filter, suffix
    ExportKind.JSON: ("Whole library (JSON): everything, to keep or restore elsewhere",
                      "Broadsheet export (*.json)", ".json"),
    ExportKind.MARKDOWN: ("Notes and highlights (Markdown)", "Markdown (*.md)", ".md"),
    ExportKind.CSV: ("Article list (CSV), for a spreadsheet", "CSV (*.csv)", ".csv"),
}


class ExportChoice(Struct, frozen=True):
    kind: ExportKind
    selected_only: bool


class ExportChoiceDialog(QDialog):
    """What to export: the format, and for Markdown and CSV the list or the selection."""

    def __init__(self, listed: int, selected: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setAccessibleName("Export")
        self.setMinimumWidth(440)
        self.kinds = QButtonGroup(self)
        format_box = QGroupBox("Format", self)
        format_layout = QVBoxLayout(format_box)
        self.kind_buttons: dict[ExportKind, QRadioButton] = {}
        for kind, (label, _filter, _suffix) in KINDS.items():
            button = QRadioButton(label, format_box)
            button.setAccessibleName(label)
            self.kinds.addButton(button)
            format_layout.addWidget(button)
            self.kind_buttons[kind] = button
        self.kind_buttons[ExportKind.JSON].setChecked(True)
        self.scope_box = QGroupBox("Articles", self)
        scope_layout = QVBoxLayout(self.scope_box)
        self.listed_button = QRadioButton(f"The articles listed now ({listed:,})", self.scope_box)
        self.listed_button.setAccessibleName("The articles listed now")
        self.selected_button = QRadioButton(f"The selected articles ({selected:,})",
                                            self.scope_box)
        self.selected_button.setAccessibleName("The selected articles")
        self.selected_button.setEnabled(selected > 0)
        (self.selected_button if selected > 1 else self.listed_button).setChecked(True)
        scope_layout.addWidget(self.listed_button)
        scope_layout.addWidget(self.selected_button)
        self.json_note = QLabel("The whole library goes into the JSON file, the Trash too.",
                                self.scope_box)
        self.json_note.setAccessibleName("Note on the JSON export")
        self.json_note.setWordWrap(True)
        scope_layout.addWidget(self.json_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole).setAccessibleName(
            "Choose where to export")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(format_box)
        layout.addWidget(self.scope_box)
        layout.addWidget(buttons)
        self.kinds.buttonToggled.connect(lambda *_: self._update())
        self._update()

    def choice(self) -> ExportChoice:
        kind = next(k for k, b in self.kind_buttons.items() if b.isChecked())
        return ExportChoice(kind, kind is not ExportKind.JSON and self.selected_button.isChecked())

    def _update(self) -> None:
        whole = self.kind_buttons[ExportKind.JSON].isChecked()
        self.scope_box.setTitle("Contents" if whole else "Articles")
        self.listed_button.setVisible(not whole)
        self.selected_button.setVisible(not whole)
        self.json_note.setVisible(whole)


class ExportController(QObject):
    """Runs one export or restore at a time; ``restored`` fires after a restore landed."""

    message = Signal(str)  # a line for the status bar
    restored = Signal()

    def __init__(
        self, library: Library, settings: Settings, runner: Runner, window: QWidget
    ) -> None:
        super().__init__(window)
        self._library = library
        self._settings = settings  # the colour names for a Markdown export, as they are then
        self._runner = runner
        self._window = window
        self.current: ProgressTask | None = None
        self.ask_path: Callable[[str, str, str], str] = self._ask_save_path
        self.ask_open_path: Callable[[], str] = self._ask_open_path
        self.show_error: Callable[[str, str], None] = self._show_error

    def busy(self) -> bool:
        if self.current is not None and self.current.running:
            self.show_error("Busy", "An export or restore is already running; wait for it.")
            return True
        return False

    # --- export -------------------------------------------------------------------------------

    def choose_and_export(self, query: ArticleQuery, listed: int, selected: Sequence[int]) -> None:
        dialog = ExportChoiceDialog(listed, len(selected), self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        label, file_filter, suffix = KINDS[choice.kind]
        path = self.ask_path(f"Export {label.split(' (')[0].lower()}", file_filter, suffix)
        if path:
            self.export(choice.kind, Path(path), list(selected) if choice.selected_only else query)

    def export(self, kind: ExportKind, path: Path, selection: ArticleQuery | list[int]) -> None:
        if self.busy():
            return
        library = self._library
        colors = list(self._settings.highlight_colors)
        methods = {
            ExportKind.JSON: library.transfer.export_json,
            ExportKind.MARKDOWN: partial(library.transfer.export_markdown, colors=colors),
            ExportKind.CSV: library.transfer.export_csv,
        }
        method = methods[kind]
        chosen = None if kind is ExportKind.JSON else selection
        task = ProgressTask(self._runner, self._window, "Export", f"Writing {path.name}…")
        task.finished.connect(self._exported)
        self.current = task
        task.start(lambda progress, cancel: method(path, chosen, progress=progress,
                                                   cancel=cancel))

    def _exported(self, report: Any, error: BaseException | None) -> None:
        if error is not None:
            self.show_error("Export failed", f"The export could not be written: {error}.")
        elif report.cancelled:
            self.message.emit("Export cancelled; no file was written.")
        else:
            plural = "s" if report.articles != 1 else ""
            self.message.emit(f"Exported {report.articles:,} article{plural} to {report.path}")

    # --- restore ------------------------------------------------------------------------------

    def choose_and_restore(self) -> None:
        problem = self._not_empty()
        if problem:
            self.show_error("Restore from export", problem)
            return
        path = self.ask_open_path()
        if path:
            self.restore(Path(path))

    def _not_empty(self) -> str:
        try:
            counts = self._library.counts()
            tags = len(self._library.tags())
        except BroadsheetError as exc:
            return f"The library cannot be read: {exc}."
        held = counts.total + counts.trash
        if not held and not tags:
            return ""
        what = f"{held:,} article{'s' if held != 1 else ''}" if held else f"{tags:,} tags"
        return (
            f"A restore fills an empty library, and this one already holds {what}.\n\n"
            "To restore the export, open a new library (start Broadsheet with "
            "--library new-library.sqlite3) and restore into it. To go back to an earlier "
            "state of this library, use File > Backups… instead."
        )

    def restore(self, path: Path) -> None:
        if self.busy():
            return
        library = self._library
        task = ProgressTask(self._runner, self._window, "Restore",
                            f"Restoring from {path.name}…", unit="bytes")
        task.finished.connect(self._restored)
        self.current = task
        task.start(lambda progress, cancel: library.transfer.restore(path, progress=progress,
                                                            cancel=cancel))

    def _restored(self, report: Any, error: BaseException | None) -> None:
        if error is not None:
            self.show_error("Restore failed", f"Nothing was restored: {error}.")
        elif report.cancelled:
            self.message.emit("Restore cancelled; the library is as it was.")
        else:
            plural = "s" if report.articles != 1 else ""
            self.message.emit(f"Restored {report.articles:,} article{plural} from "
                              f"{report.path.name}")
            self.restored.emit()

    # --- dialogs (replaced in tests) ---------------------------------------------------------

    def _ask_save_path(self, title: str, file_filter: str, suffix: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self._window, title, f"broadsheet{suffix}",
                                              file_filter)
        if path and not Path(path).suffix:
            path += suffix
        return path

    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self._window, "Restore from export", "",
                                              "Broadsheet export (*.json);;All files (*)")
        return path

    def _show_error(self, title: str, text: str) -> None:
        box = message_box(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

