"""The "?" beside the search box: the query language on one small card.

Each example is a link; clicking one adds it to the search.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

HELP_ROWS: tuple[tuple[str, str], ...] = (
    ('budget vote', "both words, anywhere"),
    ('"city council"', "the exact phrase"),
    ("bud*", "a word starting with bud"),
    ("budget OR vote", "either word"),
    ("-storm", "without it (works before any term)"),
    ("title:vote", "in the title; also body: note: highlight:"),
    ("source:reuters", "from a source containing the text"),
    ("site:example.com", "saved from that site or a subdomain of it"),
    ("url:2024/03", "whose web address contains the text"),
    ("author:kim", "by an author whose name contains the text"),
    ("tag:asia", "tagged asia or below it (asia/korea)"),
    ("is:unread", "also is:read, is:starred, is:annotated, is:unfetched"),
    ("has:note", "also has:highlight"),
    ("color:yellow", "with a highlight of that colour"),
    ("feed:3", "brought by that feed (choosing a feed in the sidebar writes it)"),
    ("date:2024-03", "published that year, month or day"),
    ("after:2024-03-01", "published on or after the day"),
    ("before:2024-04-01", "published before the day"),
    ("imported:7d", "imported in the last 24h, 7d, 2w, 3m; or imported:2024-03"),
)


def help_html() -> str:
    rows = "".join(
        f'<tr><td style="padding:2px 14px 2px 0; white-space:nowrap">'
        f'<a href="{escape(example, quote=True)}" style="text-decoration:none">'
        f"<code>{escape(example)}</code></a></td><td>{escape(meaning)}</td></tr>"
        for example, meaning in HELP_ROWS
    )
    return (
        "<p style='margin:0 0 8px 0'><b>Searching</b> — words are matched whole, ignoring "
        "case and accents; Chinese, Japanese, Korean and Thai words<br>are found anywhere in "
        "a sentence. Terms combine: <code>tag:asia -is:read vote</code></p>"
        f"<table cellspacing='0'>{rows}</table>"
        "<p style='margin:6px 0 0 0'>Click an example to add it. Enter goes to the list; "
        "Esc leaves the box.</p>"
    )


class SearchHelpPopup(QFrame):
    """A pop-up card listing the query language; ``example_chosen`` carries a clicked term."""

    example_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setAccessibleName("Search help")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(help_html(), self)
        self.label.setAccessibleName("Search language")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.linkActivated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.label)

    def _chosen(self, example: str) -> None:
        self.example_chosen.emit(example)
        self.close()


class SearchHelpButton(QToolButton):
    """"?": shows :class:`SearchHelpPopup` under itself."""

    example_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("?")
        self.setAccessibleName("Search help")
        self.setToolTip("How to search: fields, tags, dates…")
        self.setAutoRaise(True)
        self.popup: SearchHelpPopup | None = None
        self.clicked.connect(self.show_help)

    def show_help(self) -> SearchHelpPopup:
        popup = SearchHelpPopup(self)
        popup.example_chosen.connect(self.example_chosen)
        popup.adjustSize()
        below = self.mapToGlobal(QPoint(self.width(), self.height()))
        popup.move(below.x() - popup.width(), below.y() + 2)
        popup.show()
        self.popup = popup
        return popup
