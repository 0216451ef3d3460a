"""The article as read: a header and the body in a calm, centred column, with highlights.

The body is built block by block with ``QTextCursor`` insertions, never from HTML, so markup in
an article is shown as the text it is and nothing is ever fetched. ``OffsetMap`` converts
between positions in that document and character offsets into ``Article.body``, which is what
highlights are stored as.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QMenu,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader import Article, Highlight
from reader.settings import Settings
from ui.highlights_panel import swatch_icon
from ui.query_text import SearchTerm
from ui.search_matches import MatchCursor, article_spans, match_selections

MIN_FONT_SIZE = 8
MAX_FONT_SIZE = 36
COLUMN_CHARACTERS = 70
CONTROL = Qt.KeyboardModifier.ControlModifier
PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
_SOFT_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "})


@dataclass(frozen=True, slots=True)
class _Span:
    """One body block as placed in the document. ``units`` holds the UTF-16 offset of each
    character boundary when the block has characters outside the BMP (QTextDocument counts
    UTF-16 units, Python counts code points); None when the two agree."""

    doc_start: int
    body_start: int
    body_end: int
    units: tuple[int, ...] | None


def _utf16_units(text: str) -> tuple[int, ...] | None:
    if len(text.encode("utf-16-le")) == 2 * len(text):
        return None
    boundaries = [0]
    for char in text:
        boundaries.append(boundaries[-1] + (2 if ord(char) >= 0x10000 else 1))
    return tuple(boundaries)


class OffsetMap:
    """Document positions ↔ body offsets for the body blocks of one rendered article."""

    def __init__(self, spans: list[_Span]) -> None:
        self._spans = spans
        self._doc_starts = [span.doc_start for span in spans]
        self._body_starts = [span.body_start for span in spans]

    def doc_position(self, body_offset: int) -> int:
        """Where ``body_offset`` is in the document; offsets between blocks go to the end of
        the block before."""
        if not self._spans:
            return 0
        index = max(bisect_right(self._body_starts, body_offset) - 1, 0)
        span = self._spans[index]
        inside = min(max(body_offset, span.body_start), span.body_end) - span.body_start
        return span.doc_start + (span.units[inside] if span.units else inside)

    def body_offset(self, doc_position: int) -> int | None:
        """The body offset at ``doc_position``; None in the header, above the body."""
        if not self._spans or doc_position < self._doc_starts[0]:
            return None
        span = self._spans[bisect_right(self._doc_starts, doc_position) - 1]
        units = doc_position - span.doc_start
        if span.units is None:
            return span.body_start + min(units, span.body_end - span.body_start)
        return span.body_start + bisect_right(span.units, units) - 1


class ArticleText(QTextBrowser):
    """A read-only text view that never loads anything and routes zoom through its owner.

    Arrow keys scroll, as in a reader; F7 toggles a caret for selecting with the keyboard."""

    zoom_requested = Signal(int)  # +1, -1, 0 for reset
    resized = Signal()
    menu_requested = Signal(QMenu, QPoint)  # a context menu to fill, at a viewport point

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setAccessibleName("Article text")

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        return None  # nothing remote or local is ever fetched

    def setSource(
        self,
        name: QUrl | str,
        type: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource,
    ) -> None:
        return None  # never navigate away from the article

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.ZoomIn):
            self.zoom_requested.emit(1)
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_requested.emit(-1)
        elif event.key() == Qt.Key.Key_0 and event.modifiers() & CONTROL:
            self.zoom_requested.emit(0)
        elif event.key() == Qt.Key.Key_F7:  # caret browsing, to select text from the keyboard
            self.setTextInteractionFlags(
                self.textInteractionFlags() ^ Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & CONTROL:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_requested.emit(1 if delta > 0 else -1)
            event.accept()
        else:
            super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        self.menu_requested.emit(menu, event.pos())  # the owner adds its actions first
        standard = self.createStandardContextMenu()
        standard.setParent(menu, standard.windowFlags())
        if menu.actions():
            menu.addSeparator()
        menu.addActions(standard.actions())
        menu.exec(event.globalPos())
        menu.deleteLater()


def _block(
    bottom: float = 0, top: float = 0, heading: int = 0, line_height: int = 0
) -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setBottomMargin(bottom)
    block.setTopMargin(top)
    block.setHeadingLevel(heading)
    if line_height:
        block.setLineHeight(line_height, PROPORTIONAL)
    return block


def _chars(
    size: float = 0, weight: QFont.Weight | None = None, color: QColor | None = None
) -> QTextCharFormat:
    chars = QTextCharFormat()
    if size:
        chars.setFontPointSize(size)
    if weight is not None:
        chars.setFontWeight(weight)
    if color is not None:
        chars.setForeground(color)
    return chars


def format_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0–1) of the way towards ``second``."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


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
        self._terms: tuple[SearchTerm, ...] = ()
        self.matches = MatchCursor()

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
        self._article = article
        self._render()
        if anchor is not None:
            self._restore_scroll(*anchor)

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

    def set_highlights(self, highlights: tuple[Highlight, ...]) -> None:
        self._highlights = highlights
        self._paint_highlights()

    def _render(self) -> None:
        # A new document, filled before it is shown: editing one a view is laying out is
        # a hundred times slower on a long article.
        document = QTextDocument(self.text)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(self._body_font())
        document.setDocumentMargin(0)
        spans: list[_Span] = []
        if self._article is not None:
            cursor = QTextCursor(document)
            self._render_header(cursor, self._article)
            spans = self._render_body(cursor, self._article)
        self._map = OffsetMap(spans)
        self._find_matches()
        previous = self.text.document()
        ours = previous.parent() is self.text  # Qt deletes the view's first document itself
        self.text.setDocument(document)
        if ours:
            previous.deleteLater()
        self._apply_column()
        self._paint_highlights()

    def _spacing(self) -> float:
        return QFontMetricsF(self._body_font()).height() * 0.75

    def _render_header(self, cursor: QTextCursor, article: Article) -> None:
        """Title (heading level 1), date and source, then the tags as chips."""
        palette = self.palette()  # the view's own: the child's lags behind on a palette change
        size = float(self._settings.reading_font_size)
        spacing = self._spacing()
        title = _chars(size * 1.55, QFont.Weight.DemiBold)
        cursor.setBlockFormat(_block(bottom=spacing * 0.5, heading=1))
        cursor.setBlockCharFormat(title)
        cursor.insertText(article.title.translate(_SOFT_BREAKS), title)

        meta = _chars(size * 0.9, color=palette.color(QPalette.ColorRole.PlaceholderText))
        parts = (format_date(article.published), article.source or "")
        cursor.insertBlock(_block(bottom=spacing * (0.4 if article.tags else 1.6)), meta)
        cursor.insertText(" · ".join(p for p in parts if p) or "No date or source", meta)
        if not article.tags:
            return
        cursor.insertBlock(_block(bottom=spacing * 1.6), meta)
        base = palette.color(QPalette.ColorRole.Base)
        ink = palette.color(QPalette.ColorRole.Text)
        for index, tag in enumerate(article.tags):
            chip = QTextCharFormat(meta)
            chip.setForeground(ink)
            tint = QColor(tag.color) if tag.color else ink
            chip.setBackground(_mix(base, tint, 0.35 if tag.color else 0.1))
            if index:
                cursor.insertText("  ", meta)
            cursor.insertText(f"\u00a0{tag.name.translate(_SOFT_BREAKS)}\u00a0", chip)

    def _render_body(self, cursor: QTextCursor, article: Article) -> list[_Span]:
        """One document block per article block, inserted in one go (fast on long articles);
        headings are formatted afterwards. Returns where each block landed."""
        spacing = self._spacing()
        cursor.insertBlock(_block(spacing, line_height=145), QTextCharFormat())
        spans: list[_Span] = []
        texts: list[str] = []
        position = cursor.position()
        for block in article.blocks:
            text = article.body[block.start : block.end]
            units = _utf16_units(text)
            spans.append(_Span(position, block.start, block.end, units))
            position += (units[-1] if units else len(text)) + 1  # + the block separator
            texts.append(text.translate(_SOFT_BREAKS))
        cursor.insertText("\u2029".join(texts))
        heading_block = _block(spacing * 0.5, spacing * 0.6, heading=2)
        heading = _chars(self._settings.reading_font_size * 1.25, QFont.Weight.DemiBold)
        for span, block in zip(spans, article.blocks, strict=True):
            if block.kind == "heading":
                cursor.setPosition(span.doc_start)
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.setBlockFormat(heading_block)
                cursor.mergeCharFormat(heading)
        return spans

    def _body_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSize(self._settings.reading_font_size)
        return font

    def _apply_column(self) -> None:
        """Centre a column of about COLUMN_CHARACTERS characters in the viewport."""
        column = QFontMetricsF(self._body_font()).averageCharWidth() * COLUMN_CHARACTERS
        width = self.text.viewport().width()
        side = max(24.0, (width - column) / 2)
        frame = self.text.document().rootFrame()
        frame_format = frame.frameFormat()
        if frame_format.leftMargin() == side and frame_format.topMargin() == 28:
            return
        frame_format.setLeftMargin(side)
        frame_format.setRightMargin(side)
        frame_format.setTopMargin(28)
        frame_format.setBottomMargin(48)
        frame.setFrameFormat(frame_format)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.show_article(self._article)

    def _paint_highlights(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        selections = []
        for mark in self._highlights if self._article else ():
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._map.doc_position(mark.start))
            cursor.setPosition(self._map.doc_position(mark.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            color = QColor(self._settings.color(mark.color).hex)
            if dark:
                color.setAlpha(120)  # muted over a dark page, the light text stays readable
            else:
                selection.format.setForeground(  # type: ignore[attr-defined]
                    self.palette().color(QPalette.ColorRole.Text)
                )
            selection.format.setBackground(color)  # type: ignore[attr-defined]
            if mark.comment:
                selection.format.setToolTip(mark.comment)  # type: ignore[attr-defined]
            selections.append(selection)
        document = self.text.document()
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

    def page_down(self) -> None:
        self.text.verticalScrollBar().triggerAction(
            self.text.verticalScrollBar().SliderAction.SliderPageStepAdd
        )

    # --- zoom ---------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._zoom(1)

    def zoom_out(self) -> None:
        self._zoom(-1)

    def zoom_reset(self) -> None:
        self._zoom(0)

    def _zoom(self, step: int) -> None:
        current = self._settings.reading_font_size
        wanted = Settings().reading_font_size if step == 0 else current + step
        wanted = min(max(wanted, MIN_FONT_SIZE), MAX_FONT_SIZE)
        if wanted == current:
            return
        anchor = self._scroll_anchor()
        self._settings.reading_font_size = wanted
        self._render()
        if anchor is not None:
            self._restore_scroll(anchor[0], anchor[1] * wanted / current)
        self.font_size_changed.emit(wanted)

    # --- context menu -------------------------------------------------------------------

    def _extend_menu(self, menu: QMenu, point: QPoint) -> None:
        """Highlight actions for the selection, and removal of highlights under ``point``."""
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
            quote = mark.text if len(mark.text) <= 30 else mark.text[:29] + "…"
            menu.addAction(f"Remove highlight “{quote}”").triggered.connect(
                lambda _=False, i=mark.id: self.remove_highlight_requested.emit(i)
            )
