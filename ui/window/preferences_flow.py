"""Edit > Preferences for the main window: the dialog, then the settings it chose taken in,
saved, and shown by whatever follows them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reader.settings import Settings, save_settings
from ui.dialogs.preferences_dialog import PreferencesDialog

MESSAGE_MS = 8000


class PreferencesFlow(QObject):
    """Owns the window's one ``Settings`` object, which the panes share."""

    applied = Signal()  # the settings changed: show them

    def __init__(self, settings: Settings, show_status: Callable[[str, int], None],
                 window: QWidget) -> None:
        super().__init__(window)
        self.settings = settings
        self._status = show_status
        self._window = window

    def edit(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.settings, self._window)
        dialog.accepted.connect(lambda: self.apply(dialog.chosen()))
        dialog.open()
        return dialog

    def apply(self, chosen: Settings) -> None:
        """Take ``chosen`` as the settings (the panes share the one object), save them and
        let the panes show them."""
        for name in Settings.__struct_fields__:
            setattr(self.settings, name, getattr(chosen, name))
        self.save()
        self.applied.emit()

    def save(self, *_args: object) -> None:
        try:
            save_settings(self.settings)
        except OSError as exc:
            self._status(f"Could not save settings: {exc}", MESSAGE_MS)
