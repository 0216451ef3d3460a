"""The column beside the article (like Zotero's item pane): its tags, note, highlights and
related articles, each under a small heading."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.article_pane.highlights_panel import HighlightsPanel
from ui.article_pane.note_editor import NoteEditor
from ui.article_pane.tag_field import TagField


def section_label(title: str, parent: QWidget) -> QLabel:
    label = QLabel(title.upper(), parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.85)
    font.setWeight(QFont.Weight.DemiBold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def side_column(tags: TagField, note: NoteEditor, highlights_title: QLabel,
                highlights: HighlightsPanel, related: QWidget, message: QLabel,
                parent: QWidget) -> QWidget:
    column = QWidget(parent)
    column.setAccessibleName("Tags, note, highlights and related articles")
    column.setMinimumWidth(240)
    column.setBackgroundRole(QPalette.ColorRole.Window)
    column.setAutoFillBackground(True)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(14, 12, 14, 12)
    layout.setSpacing(6)
    layout.addWidget(section_label("Tags", column))
    layout.addWidget(tags)
    layout.addSpacing(12)
    note_header = QHBoxLayout()
    note_header.addWidget(section_label("Note", column))
    note_header.addStretch(1)
    note_header.addWidget(note.status_label)
    layout.addLayout(note_header)
    layout.addWidget(note, 2)
    layout.addSpacing(12)
    layout.addWidget(highlights_title)
    layout.addWidget(highlights, 2)
    layout.addSpacing(12)
    layout.addWidget(related, 3)  # (it holds its own heading)
    layout.addWidget(message)
    return column
