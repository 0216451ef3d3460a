"""The pane beside the article list: the article to read, with its tags, note and highlights.

The reading view takes most of the room; a side column (like Zotero's item pane) holds the
tag field, the note and the highlights. Every write goes through ``Library``; the pane
refreshes from ``LibrarySignals.changed`` only when the shown article is among the changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QHideEvent, QPalette
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader import Article, BroadsheetError, Changes, Highlight, Library, NotFound
from reader.edits import AddHighlight, Edit, RemoveHighlight, SetFlag
from reader.settings import Settings
from ui.article_pane.article_bar import ArticleBar
from ui.article_pane.details_dialog import ArticleDetailsDialog
from ui.article_pane.highlights_panel import HighlightsPanel
from ui.article_pane.insight import ArticleInsight
from ui.article_pane.note_editor import ERROR_COLOR, NoteEditor
from ui.article_pane.reading_pane import ArticleView
from ui.article_pane.reading_position import ReadingPosition
from ui.article_pane.related_list import RelatedList
from ui.article_pane.side_column import section_label, side_column
from ui.article_pane.tag_field import TagField
from ui.library_signals import LibrarySignals
from ui.plain_text import plain_label
from ui.search.query_text import SearchTerm
from ui.tasks import ImmediateRunner, Runner
from ui.undo import EditHistory

MESSAGE_MS = 8000


class DetailPane(QWidget):
    """Reading view plus tags, note, highlights and related articles of one article (or a
    calm placeholder)."""

    focus_list_requested = Signal()
    open_requested = Signal(int)  # a related article was clicked
    reading_font_size_changed = Signal(int)  # settings.reading_font_size was changed; save it

    def __init__(
        self,
        library: Library,
        signals: LibrarySignals,
        settings: Settings,
        parent: QWidget | None = None,
        history: EditHistory | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._settings = settings
        self.history = history or EditHistory(library, parent=self)  # edits are undoable
        self._article: Article | None = None
        self._unopened = False  # shown by the window's choice: not marked read yet
        self._reading = False  # reading mode: the side column is aside

        self.view = ArticleView(settings, self)
        self.position = ReadingPosition(library, self.history,
                                        self.view.text.verticalScrollBar(),
                                        self.view.scroll_fraction, self)
        self.tags = TagField(library, signals, self, self.history)
        self.note = NoteEditor(library, self, self.history)
        self.highlights = HighlightsPanel(library, settings, self, self.history)
        self.related = RelatedList(self)
        self.insight = ArticleInsight(library, runner or ImmediateRunner(), self.history,
                                      self.related, self.tags, self)
        self.related.open_requested.connect(self.open_requested)
        self.related.focus_list_requested.connect(self.focus_list_requested)
        self._highlights_title = section_label("Highlights", self)

        self.view.highlight_requested.connect(self._add_highlight)
        self.view.comment_highlight_requested.connect(self._add_commented_highlight)
        self.view.remove_highlight_requested.connect(self._remove_highlight)
        self.view.font_size_changed.connect(self.reading_font_size_changed)
        self.view.matches_changed.connect(self._show_matches)
        self.highlights.activated.connect(self._reveal)
        self.highlights.error.connect(self.show_message)
        self.tags.error.connect(self.show_message)
        self.tags.focus_list_requested.connect(self.focus_list_requested)
        self.note.focus_list_requested.connect(self.focus_list_requested)
        self.highlights.focus_list_requested.connect(self.focus_list_requested)

        self._message = plain_label(QLabel(self))  # errors quote tag names and comments
        self._message.setAccessibleName("Message")
        self._message.setWordWrap(True)
        self._message.setStyleSheet(f"color: {ERROR_COLOR};")
        self._message.hide()
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self._message.hide)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._reading_column())
        self.side = side_column(self.tags, self.note, self._highlights_title, self.highlights,
                                self.related, self._message, self)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([720, 320])

        self.placeholder = QLabel("Select an article", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = QFont(self.placeholder.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.placeholder.setFont(font)

        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        signals.changed.connect(self._library_changed)
        signals.changed.connect(self.insight.library_changed)
        self.set_article(None)

    def _reading_column(self) -> QWidget:
        """The article view under a slim bar: text size, reading mode, "Edit details…"."""
        column = QWidget(self)
        column.setBackgroundRole(QPalette.ColorRole.Base)
        column.setAutoFillBackground(True)
        self.bar = ArticleBar(self.previous_match, self.next_match, self.zoom_out,
                              self.zoom_in, self.edit_details, column)
        self.match_bar, self.edit_button = self.bar.match_bar, self.bar.edit_button
        self.edit_button.setEnabled(not self._library.read_only)
        self.view.editable = not self._library.read_only
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.view, 1)
        return column

    # --- the contract with the main window ------------------------------------------------

    def current_article_id(self) -> int | None:
        return self._article.id if self._article else None

    def set_article(self, article_id: int | None, opened: bool = True) -> None:
        """Show ``article_id`` (saving the note being edited first), or the placeholder.
        Unless ``opened`` (the window chose it, not the reader) it is not marked read until
        :meth:`open_shown`."""
        self.note.flush()
        article: Article | None = None
        if article_id is not None:
            try:
                article = self._library.article(article_id)
            except BroadsheetError as exc:
                if not isinstance(exc, NotFound):
                    self.show_message(str(exc))
        self.position.follow(article)  # (the article left keeps its place first)
        self._show(article, fresh=True)
        if article is not None:
            self.view.open_at(article.progress)  # where it was left
        self._unopened = not opened
        self.insight.show(article.id if article else None,
                          bool(article and article.in_trash), opened)
        if opened:
            self._mark_read()

    def open_shown(self) -> None:
        """The reader has chosen the article shown (clicked it, pressed Enter or Space on
        it): mark it read if opening does and the window alone had chosen it."""
        if self._unopened:
            self._unopened = False
            self.insight.opened()
            self._mark_read()

    def _mark_read(self) -> None:
        article = self._article
        # Looking through the Trash is not reading: a restored article comes back unread.
        # A read-only library keeps its read marks as they are, without a word each time.
        if (article is not None and self._settings.mark_read_on_open and not article.read
                and not article.in_trash and not self._library.read_only):
            # In turn with the other writes, and no step of its own to undo.
            self.history.make(SetFlag((article.id,), "read", True), background=True,
                              step=False, failed=lambda error: self.show_message(str(error)))

    def flush(self) -> bool:
        """Save a pending note, and the place in the article, now; False if the note could
        not be saved (it is kept)."""
        self.position.save()
        return self.note.flush()

    def tab_order(self) -> list[QWidget]:
        """The pane's controls in the order Tab visits them: the bar over the article, the
        article, then the side column from top to bottom (tag chips go before the field)."""
        return [
            *self.bar.tab_order(),
            self.view.text,
            self.tags.edit,
            self.note,
            self.highlights.view,
            self.highlights.comment_button,
            self.highlights.color_button,
            self.highlights.remove_button,
            self.related.view,
        ]

    def focus_tag_field(self) -> None:
        self.side.show()  # (in reading mode, for as long as the field is typed in)
        self.tags.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_note_editor(self) -> None:
        self.side.show()
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_reading_mode(self, on: bool) -> None:
        """The article alone (the side column aside), or with its side column again."""
        self._reading = on
        self.side.setVisible(not on)
        self.view.set_reading_mode(on)

    def focus_article(self) -> None:
        """The article takes the keys (arrows scroll it); in reading mode the side column,
        brought back for the note or the tags, goes aside again."""
        if self._reading:
            self.side.hide()
        self.view.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def highlight_selection(self, color: str | None = None) -> bool:
        """Highlight the text selected in the reading view, in ``color`` or the first
        (default) colour; False when nothing is selected."""
        chosen = self.view.selection_range()
        if chosen is None:
            self.show_message("Select some text in the article to highlight it.")
            return False
        colors = self._settings.highlight_colors
        key = color or (colors[0].key if colors else "yellow")
        self._add_highlight(*chosen, key)
        return True

    def page_down(self) -> bool:
        """A page further down; False at the end of the article (or without one)."""
        self.open_shown()  # reading on is choosing it
        return self._article is not None and self.view.page_down()

    def set_search_terms(self, terms: tuple[SearchTerm, ...]) -> None:
        """Mark the search's words in the article; ▲▼ and F3 step through them."""
        self.view.set_search_terms(terms)
        self._show_matches()

    def next_match(self) -> None:
        self.view.next_match()

    def previous_match(self) -> None:
        self.view.previous_match()

    def _show_matches(self) -> None:
        self.match_bar.show_matches(bool(self.view.search_terms), self.view.matches)

    def zoom_in(self) -> None:
        self.view.zoom_in()

    def zoom_out(self) -> None:
        self.view.zoom_out()

    def zoom_reset(self) -> None:
        self.view.zoom_reset()

    def settings_changed(self) -> None:
        """Show the settings as they are now: text size, colour names."""
        self.view.settings_changed()
        self.highlights.settings_changed()

    def edit_details(self) -> None:
        if self._article is not None:
            ArticleDetailsDialog(self.history, self._article, self).exec()

    def show_message(self, text: str) -> None:
        self._message.setText(text)
        self._message.show()
        self._message_timer.start(MESSAGE_MS)

    # --- events ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    # --- private --------------------------------------------------------------------------

    def _show(self, article: Article | None, fresh: bool) -> None:
        previous, self._article = self._article, article
        self._stack.setCurrentWidget(self.splitter if article else self.placeholder)
        if article is None:
            self.view.show_article(None)
            self.tags.set_article(None)
            self.note.set_article(None)
            self.highlights.set_highlights(())
            return
        if fresh or previous is None or _content(previous) != _content(article):
            self.view.show_article(article)
        self.view.set_highlights(article.highlights)
        if fresh:
            self.tags.set_article(article.id, article.tags)
            self.note.set_article(article.id, article.note.text)
        else:
            self.tags.show_tags(article.tags)
            self.note.show_stored(article.note.text)
        self.highlights.set_highlights(article.highlights)
        count = len(article.highlights)
        self._highlights_title.setText(f"HIGHLIGHTS ({count})" if count else "HIGHLIGHTS")

    def _library_changed(self, changes: Changes) -> None:
        if self._article is None:
            return
        shown = self._article.id
        if not changes.everything and shown not in changes.articles | changes.removed:
            return  # (a renamed or recoloured tag names every article whose chips change)
        try:
            article = self._library.article(self._article.id)
        except NotFound:
            self.set_article(None)
            return
        except BroadsheetError as exc:
            self.show_message(str(exc))
            return
        self._show(article, fresh=False)

    def _add_highlight(self, start: int, end: int, color: str, comment: str = "") -> None:
        if self._article is None:
            return
        self._write(AddHighlight(self._article.id, start, end, color, comment))
        cursor = self.view.text.textCursor()
        cursor.clearSelection()  # let the new colour show instead of the selection
        self.view.text.setTextCursor(cursor)

    def _write(self, edit: Edit[object]) -> None:
        """Make ``edit`` off the GUI thread, in turn; a refusal is said in the pane."""
        self.history.make(edit, background=True,
                          failed=lambda error: self.show_message(str(error)))

    def _add_commented_highlight(self, start: int, end: int) -> None:
        comment, accepted = QInputDialog.getMultiLineText(self, "Highlight", "Comment:")
        if accepted:
            colors = self._settings.highlight_colors
            self._add_highlight(start, end, colors[0].key if colors else "yellow", comment)

    def _remove_highlight(self, highlight_id: int) -> None:
        marks = self._article.highlights if self._article else ()
        mark = next((m for m in marks if m.id == highlight_id), None)
        if mark is not None:
            self._write(RemoveHighlight(mark.id))

    def _reveal(self, mark: Highlight) -> None:
        self.view.select_range(mark.start, mark.end)


def _content(article: Article) -> tuple[object, ...]:
    """What the reading view draws, apart from highlights."""
    return (article.title, article.published, article.source, article.body, article.tags,
            article.author, article.url, article.text_fetched)
