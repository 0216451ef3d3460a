"""The article pane on a real temporary library with two articles: what its tests share."""


from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from reader import Library
from reader.settings import Settings
from ui.article_pane.detail_pane import DetailPane
from ui.library_signals import LibrarySignals

LEAD = " date 2024-03-20 Lead paragraph text here about the peninsula and its neighbours.\n\n"
STORY = (
    LEAD + "Background\n\n"
    "Second paragraph with more words 😀 and an emoji, carried on for a while.\n\n"
    "Third paragraph closes the story here with a final line.\n"
)
MARKUP = "<b>x</b><img src='http://example.com/a.png'>"
MARKED_UP = (
    "Markup test title\n\n"
    f"This text has {MARKUP} inside it and is shown literally.\n\n"
    "Another paragraph follows here to make it long enough.\n"
)


class Env:
    def __init__(self, path: Path, qtbot: QtBot) -> None:
        self.path = path
        self.library = Library.open(path / "lib.sqlite3")
        files = []
        for name, text in (("story.txt", STORY), ("markup.txt", MARKED_UP)):
            (path / name).write_text(text, encoding="utf-8")
            files.append(path / name)
        report = self.library.import_paths(files)
        ids = {Path(item.path).name: item.id for item in report.imported}
        self.story, self.markup = ids["story.txt"], ids["markup.txt"]
        self.signals = LibrarySignals(self.library)
        self.settings = Settings()
        self.pane = DetailPane(self.library, self.signals, self.settings)
        qtbot.addWidget(self.pane)
        self.pane.resize(1100, 700)
        self.pane.show()

    def select_body(self, start: int, end: int) -> None:
        view = self.pane.view
        cursor = QTextCursor(view.text.document())
        cursor.setPosition(view.doc_position(start))
        cursor.setPosition(view.doc_position(end), QTextCursor.MoveMode.KeepAnchor)
        view.text.setTextCursor(cursor)
