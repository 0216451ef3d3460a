"""Where the search's words are in an article, and how the reading view marks them.

Matching is the full-text index's (``reader.search.tokens.find_spans``): whole words in
spaced scripts (the last word of a prefix term only has to start one), any run of Chinese,
Japanese, Korean or Thai characters where it stands, case and accents ignored, punctuation
between the words of a phrase skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextEdit, QToolButton, QWidget

from reader import Article
from reader.search.tokens import find_spans
from ui.search.query_text import SearchTerm

Span = tuple[int, int]


def find_matches(text: str, terms: Sequence[SearchTerm]) -> list[Span]:
    """[start, end) character ranges of ``text`` matching any of ``terms``, in order and not
    overlapping (the earlier, then the longer, wins)."""
    return find_spans(text, [term.query_terms() for term in terms])


def article_spans(article: Article | None, terms: Sequence[SearchTerm],
                  doc_position: Callable[[int], int]) -> list[Span]:
    """Document ranges of the matches in the title (the document's first block) and the body
    (placed by ``doc_position``, body offset to document position)."""
    if article is None or not terms:
        return []

    def units(text: str, offset: int) -> int:  # the document counts UTF-16 units
        return len(text[:offset].encode("utf-16-le")) // 2

    title = article.title
    spans = [(units(title, a), units(title, b)) for a, b in find_matches(title, terms)]
    spans += [(doc_position(a), doc_position(b)) for a, b in find_matches(article.body, terms)]
    return spans


class MatchCursor:
    """The matches of one article and which of them is current (-1: none yet)."""

    def __init__(self, spans: Sequence[Span] = ()) -> None:
        self.spans = list(spans)
        self.current = -1

    def __len__(self) -> int:
        return len(self.spans)

    def step(self, by: int) -> Span | None:
        """Move to the next (``by`` 1) or previous (-1) match, wrapping round."""
        if not self.spans:
            return None
        if self.current < 0:
            self.current = 0 if by > 0 else len(self.spans) - 1
        else:
            self.current = (self.current + by) % len(self.spans)
        return self.spans[self.current]

    def label(self) -> str:
        if not self.spans:
            return "No matches"
        if self.current < 0:
            return f"{len(self.spans)} match{'es' if len(self.spans) != 1 else ''}"
        return f"{self.current + 1} of {len(self.spans)}"


def match_selections(
    document: QTextDocument, matches: MatchCursor, palette: QPalette
) -> list[QTextEdit.ExtraSelection]:
    """Every match underlined on a light wash of the accent colour (user highlights are
    plain colour), the current one in the full accent."""
    accent = palette.color(QPalette.ColorRole.Highlight)
    base = palette.color(QPalette.ColorRole.Base)
    wash = QColor(accent)
    wash.setAlpha(90 if base.lightness() < 128 else 55)
    selections = []
    for number, (start, end) in enumerate(matches.spans):
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor  # type: ignore[attr-defined]
        chars = QTextCharFormat()
        chars.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        chars.setUnderlineColor(accent)
        if number == matches.current:
            chars.setBackground(accent)
            chars.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
        else:
            chars.setBackground(wash)
        selection.format = chars  # type: ignore[attr-defined]
        selections.append(selection)
    return selections


class MatchBar(QWidget):
    """▲ ▼ and "2 of 7" over the article while a search marks words in it."""

    def __init__(self, previous: Callable[[], None], following: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Search matches")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: list[QToolButton] = []
        for text, name, keys, slot in (("▲", "Previous match", "Shift+F3", previous),
                                       ("▼", "Next match", "F3", following)):
            button = QToolButton(self)
            button.setText(text)
            button.setAutoRaise(True)
            button.setAccessibleName(name)
            button.setToolTip(f"{name} ({keys})")
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons.append(button)
        self.label = QLabel(self)
        self.label.setAccessibleName("Search matches in the article")
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.label)
        self.setVisible(False)

    def show_matches(self, searching: bool, matches: MatchCursor) -> None:
        """Shown while a search has words; the buttons work when the article has matches."""
        self.label.setText(matches.label() if searching else "")
        for button in self.buttons:
            button.setEnabled(bool(matches.spans))
        self.setVisible(searching)
