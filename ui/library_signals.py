"""Carries the library's change notices to the GUI thread as a Qt signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader import Changes, Library


class LibrarySignals(QObject):
    """``changed`` fires on the GUI thread after every write, whichever thread wrote."""

    changed = Signal(object)  # reader.Changes

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay.connect(self.changed.emit)
        self._unsubscribe = library.subscribe(self._relay.emit)

    # A signal emitted from a worker thread reaches a slot of this GUI-thread object queued.
    _relay = Signal(object)

    def detach(self) -> None:
        self._unsubscribe()


__all__ = ["Changes", "LibrarySignals"]
