"""The article as read: a header and the body in a calm, centred column, with highlights.

The document itself is built in ``ui.article_pane.article_document``;
``ui.article_pane.text_offsets`` converts between positions in it and character offsets
into ``Article.body``, which is what highlights are stored as;
``ui.article_pane.search_matches`` finds and marks the search's words.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Signal
from PySide6.QtGui import (
    QFont,
    QPalette,
    QShowEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from reader import Article, Highlight
from reader.settings import READING_FONT_SIZE, Settings
from reader.text_checks import shortened
from ui.article_pane.article_document import article_document, format_date, highlight_selections
from ui.article_pane.article_text import ArticleText
from ui.article_pane.highlights_panel import swatch_icon
from ui.article_pane.reading_type import column_width, reading_font
from ui.article_pane.search_matches import MatchCursor, article_spans, match_selections
from ui.article_pane.text_offsets import OffsetMap
from ui.search.query_text import SearchTerm

__all__ = ["ArticleText", "ArticleView", "OffsetMap", "format_date"]

TOP_MARGIN = 28
READING_MODE_TOP = 64


class ArticleView(QWidget):
    """Header and body of one article, zoomable, with highlights drawn over the text."""

    highlight_requested = Signal(int, int, str)  # body start, end, colour key
    comment_highlight_requested = Signal(int, int)  # body start, end: ask for a comment
    remove_highlight_requested = Signal(int)  # highlight id
    font_size_changed = Signal(int)
    matches_changed = Signal()  # the search matches or the current one changed

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._article: Article | None = None
        self._highlights: tuple[Highlight, ...] = ()
        self._map = OffsetMap([])
        self._document: QTextDocument | None = None  # the last one made here
        self._terms: tuple[SearchTerm, ...] = ()
        self._opening_at: float | None = None  # where to open the article, once laid out
        self._top_margin = TOP_MARGIN
        self.matches = MatchCursor()
        self.editable = True  # False for a read-only library: no highlight commands offered

        self.text = ArticleText(self)
        self.text.zoom_requested.connect(self._zoom)
        self.text.menu_requested.connect(self._extend_menu)
        self.text.resized.connect(self._apply_column)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)

    # --- showing ------------------------------------------------------------------------

    def show_article(self, article: Article | None) -> None:
        """Render ``article`` (None clears); keeps the scroll position when it is the same."""
        same = bool(article and self._article and article.id == self._article.id)
        anchor = self._scroll_anchor() if same else None
        selected = self._body_selection() if same else None
        self._article = article
        self._render()
        if anchor is not None:
            self._restore_scroll(*anchor)
        if selected is not None:
            self._reselect(*selected)

    def _scroll_anchor(self) -> tuple[int, float] | None:
        """The body offset at the top of the view, and how far the view is scrolled past the
        top of its line: survives a re-render that moves or resizes everything."""
        position = self.text.cursorForPosition(QPoint(0, 0)).position()
        offset = self._map.body_offset(position)
        if offset is None:
            return None
        return offset, self.text.verticalScrollBar().value() - self._y_of(position)

    def _restore_scroll(self, body_offset: int, past_line: float) -> None:
        self._scroll_to(self._y_of(self._map.doc_position(body_offset)) + past_line)

    def _body_selection(self) -> tuple[int, int] | None:
        """The selection's anchor and end as body offsets: a re-render (zoom, a new tag in
        the header) must not drop the text the reader selected or the match F3 chose."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        anchor = self._map.body_offset(cursor.anchor())
        position = self._map.body_offset(cursor.position())
        return None if anchor is None or position is None else (anchor, position)

    def _reselect(self, anchor: int, position: int) -> None:
        self._select_doc(self._map.doc_position(anchor), self._map.doc_position(position))

    def _select_doc(self, anchor: int, position: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def set_highlights(self, highlights: tuple[Highlight, ...]) -> None:
        self._highlights = highlights
        self._paint_highlights()

    def _render(self) -> None:
        # The view's own palette: the child's lags behind on a palette change.
        document, self._map = article_document(
            self._article, self._body_font(), self._settings.line_spacing, self.palette(),
            self.text)
        self._set_column(document)  # before the view lays it out, so that it does so once
        self._find_matches()
        # Ours to delete; Qt deletes the view's first document itself. (Asking the document
        # for its parent instead costs 50 ms the first time: PySide wraps a private class.)
        previous, self._document = self._document, document
        self.text.setDocument(document)
        if previous is not None:
            previous.deleteLater()
        self._paint_highlights()

    def settings_changed(self) -> None:
        """Draw the article again in the type of the settings: font, size, line width and
        spacing."""
        self.show_article(self._article)

    def _body_font(self) -> QFont:
        return reading_font(self._settings, self.font())

    def _apply_column(self) -> None:
        self._set_column(self.text.document())
        self._open_at_place()

    def scroll_fraction(self) -> float | None:
        """How far down the article the view is, 0 to 1; None when it all fits. Measured on
        the whole article laid out: the scroll bar's range grows while Qt lays a long one
        out bit by bit."""
        height = self._scroll_height()
        if height <= 0:
            return None
        return min(1.0, max(0.0, self.text.verticalScrollBar().value() / height))

    def _scroll_height(self) -> float:
        """How far the article can scroll: its whole height less the view's."""
        height = self.text.document().documentLayout().documentSize().height()
        return max(0.0, height - self.text.viewport().height())

    def open_at(self, fraction: float) -> None:
        """Scroll the article just shown to ``fraction`` (0 to 1) of the way down: where it
        was left (the top for 0). Done once the view has its size, if it has none yet."""
        self._opening_at = fraction
        self._open_at_place()

    def _open_at_place(self) -> None:
        viewport = self.text.viewport()
        if self._opening_at is None or not self.isVisible() or viewport.height() <= 0:
            return
        fraction, self._opening_at = self._opening_at, None
        if fraction <= 0:  # the top: no need to lay out the whole article to find it
            self.text.verticalScrollBar().setValue(0)
            return
        self._scroll_to(fraction * self._scroll_height())
        # The text cursor goes where the reader is: the view keeps its cursor in sight (on
        # its first show, and when the document changes), which would pull it back up to
        # the cursor left at the top (or to the previous article's place).
        self.text.setTextCursor(self.text.cursorForPosition(QPoint(0, viewport.height() // 3)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._open_at_place()

    def set_reading_mode(self, on: bool) -> None:
        """In reading mode the page has more air above the title."""
        self._top_margin = READING_MODE_TOP if on else TOP_MARGIN
        self._apply_column()

    def _set_column(self, document: QTextDocument) -> None:
        """Centre a column of about the settings' line width in characters in the viewport."""
        column = column_width(self._settings, self._body_font())
        width = self.text.viewport().width()
        side = max(24.0, (width - column) / 2)
        frame = document.rootFrame()
        frame_format = frame.frameFormat()
        top = self._top_margin
        if frame_format.leftMargin() == side and frame_format.topMargin() == top:
            return
        frame_format.setLeftMargin(side)
        frame_format.setRightMargin(side)
        frame_format.setTopMargin(top)
        frame_format.setBottomMargin(48)
        frame.setFrameFormat(frame_format)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # (Nothing to redraw without an article: the window's style reaches the pane, twice,
        # while it is being built.)
        changed = event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange)
        if changed and self._article is not None:
            self.show_article(self._article)

    def _paint_highlights(self) -> None:
        document = self.text.document()
        marks = self._highlights if self._article else ()
        selections = highlight_selections(
            document, marks, self._map, self._settings, self.palette()
        )
        selections += match_selections(document, self.matches, self.palette())
        self.text.setExtraSelections(selections)

    # --- search matches -----------------------------------------------------------------

    @property
    def search_terms(self) -> tuple[SearchTerm, ...]:
        return self._terms

    def set_search_terms(self, terms: tuple[SearchTerm, ...]) -> None:
        """Mark ``terms`` (the search's words) wherever they are in the article."""
        if terms != self._terms:
            self._terms = terms
            if self.matches.current >= 0:  # the match F3 selected is no longer one
                cursor = self.text.textCursor()
                cursor.clearSelection()
                self.text.setTextCursor(cursor)
            self._find_matches()
            self._paint_highlights()

    def _find_matches(self) -> None:
        spans = article_spans(self._article, self._terms, self._map.doc_position)
        if spans != self.matches.spans:
            self.matches = MatchCursor(spans)
        self.matches_changed.emit()

    def next_match(self) -> None:
        self._step_match(1)

    def previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, by: int) -> None:
        span = self.matches.step(by)
        if span is None:
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)  # copy or highlight it from here
        self._scroll_to(self._y_of(span[0]) - self.height() / 3)
        self._paint_highlights()
        self.matches_changed.emit()

    # --- positions ----------------------------------------------------------------------

    def doc_position(self, body_offset: int) -> int:
        return self._map.doc_position(body_offset)

    def body_offset(self, doc_position: int) -> int | None:
        return self._map.body_offset(doc_position)

    def selection_range(self) -> tuple[int, int] | None:
        """The selected body range [start, end), trimmed of surrounding whitespace."""
        cursor = self.text.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        body = self._article.body
        start = self._map.body_offset(cursor.selectionStart())
        end = self._map.body_offset(cursor.selectionEnd())
        if end is None:
            return None
        start = start if start is not None else self._article.blocks[0].start
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select body[start:end] and scroll it into view, a little below the top."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.doc_position(start))
        cursor.setPosition(self._map.doc_position(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self._scroll_to(self._y_of(self._map.doc_position(start)) - self.height() / 4)

    def _y_of(self, doc_position: int) -> float:
        """The top of the line holding ``doc_position``, in document coordinates."""
        document = self.text.document()
        block = document.findBlock(doc_position)
        top = document.documentLayout().blockBoundingRect(block).top()  # lays out up to it
        line = block.layout().lineForTextPosition(doc_position - block.position())
        return top + (line.y() if line.isValid() else 0.0)

    def _scroll_to(self, y: float) -> None:
        # The view learns the laid-out height later; tell its scroll bar now.
        bar = self.text.verticalScrollBar()
        height = self.text.document().documentLayout().documentSize().height()
        bar.setRange(0, max(bar.maximum(), round(height) - self.text.viewport().height()))
        bar.setValue(round(y))

    def highlights_at(self, body_offset: int) -> list[Highlight]:
        return [h for h in self._highlights if h.start <= body_offset < h.end]

    def page_down(self) -> bool:
        """A page further down; False when the end of the article is in view already."""
        bar = self.text.verticalScrollBar()
        if bar.value() >= bar.maximum():
            # The range grows while a long article is laid out bit by bit: is it the end?
            end = round(self._scroll_height())
            if bar.value() >= end:
                return False
            bar.setRange(bar.minimum(), end)
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)  # the reader's own scrolling
        return True

    # --- zoom ---------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._zoom(1)

    def zoom_out(self) -> None:
        self._zoom(-1)

    def zoom_reset(self) -> None:
        self._zoom(0)

    def _zoom(self, step: int) -> None:
        current = self._settings.reading_font_size
        wanted = READING_FONT_SIZE.default if step == 0 else current + step
        wanted = min(max(wanted, READING_FONT_SIZE.minimum), READING_FONT_SIZE.maximum)
        if wanted == current:
            return
        anchor = self._scroll_anchor()
        # Same text in a new size: the selection (a title match of F3's too) is where it was.
        cursor = self.text.textCursor()
        selected = (cursor.anchor(), cursor.position()) if cursor.hasSelection() else None
        self._settings.reading_font_size = wanted
        self._render()
        if anchor is not None:
            self._restore_scroll(anchor[0], anchor[1] * wanted / current)
        if selected is not None:
            self._select_doc(*selected)
        self.font_size_changed.emit(wanted)

    # --- context menu -------------------------------------------------------------------

    def _extend_menu(self, menu: QMenu, point: QPoint) -> None:
        """Highlight actions for the selection, and removal of highlights under ``point``."""
        if not self.editable:
            return
        chosen = self.selection_range()
        if chosen is not None:
            start, end = chosen
            submenu = menu.addMenu("Highlight as")
            for color in self._settings.highlight_colors:
                submenu.addAction(swatch_icon(color.hex), color.name).triggered.connect(
                    lambda _=False, k=color.key: self.highlight_requested.emit(start, end, k)
                )
            menu.addAction("Highlight with comment…").triggered.connect(
                lambda: self.comment_highlight_requested.emit(start, end)
            )
        offset = self._map.body_offset(self.text.cursorForPosition(point).position())
        for mark in self.highlights_at(offset) if offset is not None else []:
            quote = shortened(mark.text, 30)
            menu.addAction(f"Remove highlight “{quote}”").triggered.connect(
                lambda _=False, i=mark.id: self.remove_highlight_requested.emit(i)
            )
