"""The note of the shown article, saved by itself: shortly after typing stops, on every
article switch, on focus loss and on close. Text that cannot be saved is kept and retried.

Each stretch of editing (from the first keystroke to the switch, focus loss or close that ends
it) becomes one step of the window's undo history, the note before it and the note after: its
saves carry the stretch's key, and the history merges them."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFocusEvent, QKeyEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from reader import Library, Note, NotFound
from reader.edits import SetNote
from ui.undo import EditHistory

SAVE_DELAY_MS = 700
RETRY_DELAY_MS = 5000
ERROR_COLOR = "#d64541"  # reads on light and dark backgrounds alike


class NoteEditor(QPlainTextEdit):
    """A plain-text note bound to one article at a time. ``status_label`` says whether the
    text is saved; place it near the editor."""

    focus_list_requested = Signal()
    saved = Signal(int)  # article id

    def __init__(
        self, library: Library, parent: QWidget | None = None, history: EditHistory | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._history = history or EditHistory(library, parent=self)
        self._history.add_flusher(self.end_stretch)
        self._stretch = 0  # counts stretches of editing: saves of one stretch are one step
        self._article_id: int | None = None
        self._dirty = False
        self._loading = False
        self._unsaved: dict[int, str] = {}  # text not saved yet (on its way, or refused)
        self._saving: dict[int, str] = {}  # text whose save is on its way, by article
        # The stored note each article's edits started from: a save finds out whether
        # someone else changed it since (then both texts are kept, and the user told).
        self._bases: dict[int, str] = {}
        self._failure = ""  # why the last save was refused

        self.setAccessibleName("Note")
        if library.read_only:  # the note can be read and copied; nothing typed would be kept
            self.setReadOnly(True)
            self.setPlaceholderText("No note. This library is read-only.")
        else:
            self.setPlaceholderText("Write a note about this article…")
        self.setTabChangesFocus(True)
        self.setEnabled(False)

        self.status_label = QLabel(self)
        self.status_label.setAccessibleName("Note status")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._edited)

    # --- public -------------------------------------------------------------------------

    def article_id(self) -> int | None:
        return self._article_id

    def is_dirty(self) -> bool:
        return self._dirty

    def set_article(self, article_id: int | None, text: str = "") -> None:
        """Save the current note, then show ``text``, the stored note of ``article_id``
        (or the text of an earlier failed save of it, which is newer)."""
        self.end_stretch()
        self._article_id = article_id
        self.setEnabled(article_id is not None)
        pending = self._unsaved.get(article_id) if article_id is not None else None
        if article_id is not None and article_id not in self._saving:
            self._bases[article_id] = text
        self._load(pending if pending is not None else text)
        self._dirty = pending is not None
        if pending is not None:
            self._timer.start()
        if not self._unsaved:
            self._set_status("")

    def show_stored(self, text: str) -> None:
        """The stored note changed elsewhere: show it unless there are unsaved edits here,
        keeping the cursor and scroll position."""
        if self._dirty or self._article_id in self._unsaved or text == self.toPlainText():
            return
        self.end_stretch()  # an edit made elsewhere (an undo) closes this stretch
        if self._article_id is not None:
            self._bases[self._article_id] = text
        position = self.textCursor().position()
        scroll = self.verticalScrollBar().value()
        self._load(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scroll)

    def flush(self) -> bool:
        """Save whatever is unsaved, in turn with the window's other writes (off the GUI
        thread in the window). False if a save was refused by the time this returns; refused
        text is kept and retried."""
        self._timer.stop()
        if self._dirty and self._article_id is not None:
            self._unsaved[self._article_id] = self.toPlainText()
            self._dirty = False
        self._failure = ""
        for article_id, text in list(self._unsaved.items()):
            if self._saving.get(article_id) == text:
                continue  # on its way already
            self._saving[article_id] = text
            self._history.make(
                SetNote(article_id, text, self._bases.get(article_id)), background=True,
                stretch=(article_id, self._stretch),
                then=lambda note, a=article_id, t=text: self._saved(a, t, note),
                failed=lambda error, a=article_id, t=text: self._refused(a, t, error),
            )
        return not self._failure

    def end_stretch(self) -> bool:
        """Save, and close the stretch of editing under way (one undo step)."""
        saved = self.flush()
        self._stretch += 1
        return saved

    def _saved(self, article_id: int, text: str, note: Note | None = None) -> None:
        self._landed(article_id, text, forget=True)
        stored = note.text if isinstance(note, Note) else text
        self._bases[article_id] = stored
        self.saved.emit(article_id)
        if isinstance(note, Note) and note.merged:
            if article_id == self._article_id and not self._dirty:
                self._load(stored)
            self._set_status("Someone changed this note while you wrote: both versions are "
                             "kept in it, theirs first.", error=True)
        elif not self._unsaved and self.status_label.text():
            self._set_status("Saved")

    def _refused(self, article_id: int, text: str, error: BaseException) -> None:
        gone = isinstance(error, NotFound)  # the article is gone, and its note with it
        self._landed(article_id, text, forget=gone)
        if gone:
            return
        self._failure = str(error)
        self._set_status(f"Not saved: {error}. Your text is kept; retrying.", error=True)
        self._timer.start(RETRY_DELAY_MS)

    def _landed(self, article_id: int, text: str, *, forget: bool) -> None:
        """A save of ``text`` is back: nothing is on its way for the article any more, and
        with ``forget`` the text needs no saving (unless more was typed since)."""
        if self._saving.get(article_id) == text:
            del self._saving[article_id]
        if forget and self._unsaved.get(article_id) == text:
            del self._unsaved[article_id]

    # --- events -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.flush()
            self.focus_list_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.end_stretch()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.end_stretch()
        super().closeEvent(event)

    # --- private ------------------------------------------------------------------------

    def _load(self, text: str) -> None:
        self._loading = True
        try:
            self.setPlainText(text)
            self.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._loading = False

    def _edited(self) -> None:
        if self._loading or self._article_id is None:
            return
        self._dirty = True
        self._timer.start(SAVE_DELAY_MS)
        if not self.status_label.property("error"):
            self._set_status("Saving…")

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("error", error)
        self.status_label.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")
