"""An article laid out as a ``QTextDocument``, and its highlights as selections over it.

The document is built block by block with ``QTextCursor`` insertions, never from HTML, so
markup in an article is shown as the text it is and nothing is ever fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextEdit

from reader import Article, Highlight
from reader.settings import Settings
from reader.text_direction import contained, is_right_to_left
from ui.article_pane.text_offsets import BlockSpan, OffsetMap, utf16_units
from ui.contrast import mix, readable_tint
from ui.plain_text import as_plain

PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
NOT_FETCHED = "Text not fetched"
_SOFT_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "})


def format_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def article_document(
    article: Article | None, font: QFont, line_spacing: int, palette: QPalette,
    parent: QObject,
) -> tuple[QTextDocument, OffsetMap]:
    """A new document holding ``article`` set in ``font``, its paragraphs' lines
    ``line_spacing`` percent apart, and where its body landed.

    Filled before any view shows it: editing a document a view is laying out is a hundred
    times slower on a long article."""
    document = QTextDocument(parent)
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    spans: list[BlockSpan] = []
    if article is not None:
        cursor = QTextCursor(document)
        spacing = QFontMetricsF(font).height() * 0.75
        _render_header(cursor, article, float(font.pointSize()), spacing, palette)
        if article.text_fetched:
            spans = _render_body(cursor, article, float(font.pointSize()), spacing,
                                 line_spacing)
        else:
            _render_not_fetched(cursor, article, spacing, palette)
    return document, OffsetMap(spans)


def _render_header(
    cursor: QTextCursor, article: Article, size: float, spacing: float, palette: QPalette
) -> None:
    """Title (heading level 1), date and source, then the tags as chips; all in the title's
    direction. Each piece keeps its direction controls to itself."""
    direction = _direction(article.title)
    title = _chars(size * 1.55, QFont.Weight.DemiBold)
    cursor.setBlockFormat(_block(bottom=spacing * 0.5, heading=1, direction=direction))
    cursor.setBlockCharFormat(title)
    cursor.insertText(contained(article.title.translate(_SOFT_BREAKS)), title)

    meta = _chars(size * 0.9, color=palette.color(QPalette.ColorRole.PlaceholderText))
    by = f"by {contained(article.author)}" if article.author else ""
    parts = (format_date(article.published), contained(article.source or ""), by)
    bottom = spacing * (0.4 if article.tags else 1.6)
    cursor.insertBlock(_block(bottom=bottom, direction=direction), meta)
    cursor.insertText(" · ".join(p for p in parts if p) or "No date or source", meta)
    if not article.tags:
        return
    cursor.insertBlock(_block(bottom=spacing * 1.6, direction=direction), meta)
    base = palette.color(QPalette.ColorRole.Base)
    ink = palette.color(QPalette.ColorRole.Text)
    for index, tag in enumerate(article.tags):
        chip = QTextCharFormat(meta)
        chip.setForeground(ink)
        chip.setBackground(readable_tint(base, QColor(tag.color), ink, most=0.35) if tag.color
                           else mix(base, ink, 0.1))
        if index:
            cursor.insertText("  ", meta)
        cursor.insertText(f"\u00a0{contained(tag.name.translate(_SOFT_BREAKS))}\u00a0", chip)


def _render_body(
    cursor: QTextCursor, article: Article, size: float, spacing: float, line_spacing: int
) -> list[BlockSpan]:
    """One document block per article block, inserted in one go (fast on long articles);
    headings are formatted afterwards. Returns where each block landed."""
    cursor.insertBlock(_block(spacing, line_height=line_spacing), QTextCharFormat())
    spans: list[BlockSpan] = []
    texts: list[str] = []
    position = cursor.position()
    for block in article.blocks:
        text = article.body[block.start : block.end]
        units = utf16_units(text)
        spans.append(BlockSpan(position, block.start, block.end, units))
        position += (units[-1] if units else len(text)) + 1  # + the block separator
        texts.append(text.translate(_SOFT_BREAKS))
    cursor.insertText("\u2029".join(texts))
    heading = _chars(size * 1.25, QFont.Weight.DemiBold)
    for span, block, text in zip(spans, article.blocks, texts, strict=True):
        direction = _direction(text)
        if block.kind == "heading":
            cursor.setPosition(span.doc_start)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.setBlockFormat(
                _block(spacing * 0.5, spacing * 0.6, heading=2, direction=direction)
            )
            cursor.mergeCharFormat(heading)
        elif direction is Qt.LayoutDirection.RightToLeft:
            cursor.setPosition(span.doc_start)
            turned = QTextBlockFormat()
            turned.setLayoutDirection(direction)
            cursor.mergeBlockFormat(turned)
    return spans


def _direction(text: str) -> Qt.LayoutDirection:
    """A paragraph runs the way its first strong character does (Arabic and Hebrew right to
    left). Said explicitly rather than left to Qt's guess, so that the header follows the
    title and a right-to-left block aligns right whatever the widget's direction."""
    if is_right_to_left(text):
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def _render_not_fetched(
    cursor: QTextCursor, article: Article, spacing: float, palette: QPalette
) -> None:
    """In place of the body of an entry that came with only its address."""
    note = _chars(color=palette.color(QPalette.ColorRole.PlaceholderText))
    note.setFontItalic(True)
    cursor.insertBlock(_block(spacing), note)
    cursor.insertText(f"{NOT_FETCHED}. Only the address was saved: {article.url or ''}", note)
    cursor.insertBlock(_block(spacing), note)
    cursor.insertText("Article ▸ Fetch Text downloads it; Article ▸ Open Original shows the "
                      "page in your browser.", note)


def highlight_selections(
    document: QTextDocument,
    highlights: Sequence[Highlight],
    offsets: OffsetMap,
    settings: Settings,
    palette: QPalette,
) -> list[QTextEdit.ExtraSelection]:
    """The user's highlights in their colours, with their comments as tooltips. On a dark
    page a colour is muted to as much of it as leaves the light text readable."""
    base = palette.color(QPalette.ColorRole.Base)
    ink = palette.color(QPalette.ColorRole.Text)
    dark = base.lightness() < 128
    selections = []
    for mark in highlights:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(document)
        cursor.setPosition(offsets.doc_position(mark.start))
        cursor.setPosition(offsets.doc_position(mark.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor  # type: ignore[attr-defined]
        color = QColor(settings.color(mark.color).hex)
        if dark:
            color = readable_tint(base, color, ink)
        selection.format.setForeground(ink)  # type: ignore[attr-defined]
        selection.format.setBackground(color)  # type: ignore[attr-defined]
        if mark.comment:
            selection.format.setToolTip(as_plain(mark.comment))  # type: ignore[attr-defined]
        selections.append(selection)
    return selections


def _block(
    bottom: float = 0,
    top: float = 0,
    heading: int = 0,
    line_height: int = 0,
    direction: Qt.LayoutDirection = Qt.LayoutDirection.LayoutDirectionAuto,
) -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setLayoutDirection(direction)
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
