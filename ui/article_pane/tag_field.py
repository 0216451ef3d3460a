"""Tags of the shown article as removable chips, and a field that adds tags with completion."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import BroadsheetError, Changes, Library, TagRef, TagSuggestion
from reader.edits import AddTags, RemoveTags
from ui.article_pane.flow_layout import FlowLayout
from ui.article_pane.tag_suggestions import TagSuggestions
from ui.library_signals import LibrarySignals
from ui.plain_text import as_plain
from ui.undo import EditHistory


class TagChip(QFrame):
    """One tag: its name and a small × that removes it from the article. Its look is in the
    application's style sheet (``#tagChip``); chips are kept and given the next article's
    tags, since making and styling new widgets is most of what switching articles costs."""

    remove_requested = Signal(str)

    def __init__(self, tag: TagRef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagChip")
        self._dot = QLabel("●", self)
        self._label = QLabel(self)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName("tagChipRemove")
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.name))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 1, 3, 1)
        layout.setSpacing(2)
        layout.addWidget(self._dot)
        layout.addWidget(self._label)
        layout.addWidget(self.remove_button)
        self.name = ""
        self.show_tag(tag)

    def show_tag(self, tag: TagRef) -> None:
        if tag.name != self.name:
            self.name = tag.name
            self._label.setText(tag.name)
            self.remove_button.setAccessibleName(f"Remove tag {tag.name}")
            self.remove_button.setToolTip(as_plain(f"Remove tag “{tag.name}”"))
        self._dot.setVisible(bool(tag.color))
        if tag.color:
            palette = self._dot.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(tag.color))
            self._dot.setPalette(palette)


class TagLineEdit(QLineEdit):
    """The entry line: Esc hands focus back to the article list; Tab in it while it is empty
    takes the first suggested tag when there is one (and moves on when there is none)."""

    escape_pressed = Signal()
    about_to_type = Signal()  # before a key or focus reaches the line: completion must be ready

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.take_tab: Callable[[], bool] = lambda: False

    def event(self, event: QEvent) -> bool:
        # Before QWidget.event, which would move the focus on Tab.
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Tab and not event.modifiers()
                and not self.text() and self.take_tab()):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer().popup() if self.completer() else None
        if event.key() == Qt.Key.Key_Escape and not (popup and popup.isVisible()):
            self.escape_pressed.emit()
            event.accept()
            return
        self.about_to_type.emit()
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.about_to_type.emit()
        super().focusInEvent(event)


class TagField(QWidget):
    """Chips for the article's tags over a line that adds tags ("a, b" adds two), and the
    tags suggested for it as ghost chips under the line."""

    focus_list_requested = Signal()
    error = Signal(str)

    def __init__(
        self,
        library: Library,
        signals: LibrarySignals,
        parent: QWidget | None = None,
        history: EditHistory | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._history = history or EditHistory(library, parent=self)
        self._article_id: int | None = None
        self._tags: tuple[TagRef, ...] = ()

        # Tag names for completion, read when the line is first used after the tags changed:
        # nobody waits for them when the window opens or an article is shown.
        self._names = QStringListModel(self)
        self._names_stale = True
        self.completer = QCompleter(self._names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        popup = self.completer.popup()
        assert popup is not None  # QCompleter makes its list on first request
        popup.setAccessibleName("Matching tags")
        self._popup: QAbstractItemView = popup

        self.edit = TagLineEdit(self)
        self.edit.setPlaceholderText("Read-only library" if library.read_only else "Add a tag…")
        self.edit.setAccessibleName("Add tag")
        self.edit.setToolTip("Type a tag and press Enter; separate several with commas")
        self.edit.setCompleter(self.completer)
        # Queued: the line edit puts the completion in after every direct slot has run (it
        # connects again each time it takes focus), so the field is cleared only after that.
        self.completer.activated.connect(
            self._completion_chosen, Qt.ConnectionType.QueuedConnection
        )
        self.edit.returnPressed.connect(self._add_typed)
        self.edit.escape_pressed.connect(self.focus_list_requested)
        self.edit.about_to_type.connect(self._ensure_names)

        self._chips = QWidget(self)
        self._flow = FlowLayout(self._chips)
        self._empty = QLabel("No tags yet", self)
        self._empty.setEnabled(False)
        self.suggestions = TagSuggestions(self)
        self.suggestions.chosen.connect(self._take_suggestion)
        self._suggested: tuple[TagSuggestion, ...] = ()
        self.edit.take_tab = self._take_first_suggestion

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._chips)
        layout.addWidget(self._empty)
        layout.addWidget(self.edit)
        layout.addWidget(self.suggestions)
        # No focus proxy: one would sit in the window's Tab chain where this field was made,
        # and Tab from the note would jump back to the entry line through it.

        signals.changed.connect(self._library_changed)

    # --- public -------------------------------------------------------------------------

    def set_article(self, article_id: int | None, tags: Sequence[TagRef] = ()) -> None:
        self._article_id = article_id
        self.edit.clear()
        self.edit.setEnabled(article_id is not None and not self._library.read_only)
        self._suggested = ()
        self.show_tags(tags)

    def article_id(self) -> int | None:
        return self._article_id

    def show_tags(self, tags: Sequence[TagRef]) -> None:
        tags = tuple(tags)
        if tags == self._tags:
            return
        self._tags = tags
        pool = self._pool()
        for chip, tag in zip(pool, tags, strict=False):
            chip.show_tag(tag)
        if len(tags) > len(pool):
            for tag in tags[len(pool):]:
                chip = TagChip(tag, self._chips)
                chip.remove_requested.connect(self.remove)
                self._flow.addWidget(chip)
            self._order_chips()
        writable = not self._library.read_only
        for index, chip in enumerate(self._pool()):
            chip.remove_button.setVisible(writable)
            chip.setVisible(index < len(tags))
        self._chips.setVisible(bool(tags))
        self._empty.setVisible(not tags and self._article_id is not None)
        self._flow.invalidate()
        self._show_suggested()

    def show_suggestions(self, suggestions: Sequence[TagSuggestion]) -> None:
        """Offer ``suggestions`` (for the article shown) as ghost chips."""
        self._suggested = tuple(suggestions)
        self._show_suggested()

    def _show_suggested(self) -> None:
        has = {tag.name.casefold() for tag in self._tags}
        shown = [] if self._library.read_only or self._article_id is None else [
            s for s in self._suggested if s.tag.casefold() not in has]
        self.suggestions.show_suggestions(shown)
        self.edit.setPlaceholderText(
            "Read-only library" if self._library.read_only
            else f"Add a tag… (Tab adds “{shown[0].tag}”)" if shown else "Add a tag…")

    def _take_first_suggestion(self) -> bool:
        names = self.suggestions.names()
        if not names or not self.suggestions.isVisible():
            return False
        self._take_suggestion(names[0])
        return True

    def _take_suggestion(self, name: str) -> None:
        if self._article_id is not None and self.add_to([self._article_id], name):
            self._suggested = tuple(s for s in self._suggested if s.tag != name)
            self._show_suggested()

    def chips(self) -> list[TagChip]:
        """The chips of the tags shown, in order."""
        return self._pool()[: len(self._tags)]

    def _pool(self) -> list[TagChip]:
        items = (self._flow.itemAt(i) for i in range(self._flow.count()))
        return [w for item in items if item and isinstance(w := item.widget(), TagChip)]

    def _order_chips(self) -> None:
        """Tab goes through the chips' × just before the field (new widgets would otherwise
        join the end of the window's focus chain)."""
        before = self.edit.previousInFocusChain()
        while before is not None and (
            self._chips.isAncestorOf(before)
            or before.focusPolicy() == Qt.FocusPolicy.NoFocus  # setTabOrder ignores those
        ):
            before = before.previousInFocusChain()
        for chip in self._pool():
            if before is not None:
                QWidget.setTabOrder(before, chip.remove_button)
            before = chip.remove_button

    def add_to(self, ids: Iterable[int], text: str | None = None) -> bool:
        """Add the tags typed (or ``text``) to ``ids``, off the GUI thread; False if there
        was nothing to add. A refusal is said as ``error``, and the typed text comes back."""
        names = self._resolve(self.edit.text() if text is None else text)
        wanted = list(ids)
        if not names or not wanted:
            return False
        typed = self.edit.text()

        def refused(error: BaseException) -> None:
            self.error.emit(str(error))
            if text is None and not self.edit.text():
                self.edit.setText(typed)  # what was typed is there to try again

        self._history.make(AddTags(tuple(wanted), tuple(names)), background=True,
                           failed=refused)
        if text is None:
            self.edit.clear()
        return True

    def remove(self, name: str) -> None:
        if self._article_id is None:
            return
        self._history.make(RemoveTags((self._article_id,), (name,)), background=True,
                           failed=lambda error: self.error.emit(str(error)))

    def refresh_names(self) -> None:
        try:
            self._names.setStringList([tag.name for tag in self._library.tags()])
        except BroadsheetError as exc:
            self.error.emit(str(exc))
            return
        self._names_stale = False

    def _ensure_names(self) -> None:
        if self._names_stale:
            self.refresh_names()

    # --- private ------------------------------------------------------------------------

    def _resolve(self, text: str) -> list[str]:
        """Typed names, spelled as the existing tag when one matches whatever the case."""
        self._ensure_names()
        known = {name.casefold(): name for name in self._names.stringList()}
        names: list[str] = []
        for part in text.split(","):
            cleaned = " ".join(part.split())
            if cleaned:
                name = known.get(cleaned.casefold(), cleaned)
                if name.casefold() not in {n.casefold() for n in names}:
                    names.append(name)
        return names

    def _add_typed(self) -> None:
        if self._popup.isVisible() and self._popup.currentIndex().isValid():
            return  # Enter on a suggestion: ``activated`` follows and adds that name
        if self._article_id is not None:
            self.add_to([self._article_id])

    def _completion_chosen(self, text: str) -> None:
        if self._article_id is not None and self.add_to([self._article_id], text):
            self.edit.clear()

    def _library_changed(self, changes: Changes) -> None:
        if changes.tag_set or changes.everything:  # names made, renamed or gone
            self._names_stale = True
            if self.edit.hasFocus():
                self.refresh_names()
