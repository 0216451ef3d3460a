"""File > Import Links…: web addresses typed or pasted, one per line, and the tags their
articles get. The dialog only collects; the pages are fetched and imported by the same import
as files (:class:`ui.dialogs.import_dialog.ImportController`), with its progress and summary.

It opens with the clipboard's links filled in, when the clipboard holds nothing but links.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.addresses import web_url
from reader.text_checks import shortened
from ui.dialogs.feed_dialogs import ok_cancel_buttons, split_tags
from ui.plain_text import plain_label

NO_LINKS = "Type or paste web addresses (http or https), one per line."
# A paste of a whole page of links is fine; a paste of a book is not a list of links.
MAX_LINES = 1000


def links_in(text: str) -> tuple[list[str], str]:
    """The web addresses of ``text``, one per line (blank lines skipped), and what stops
    them being imported: "" when nothing does."""
    lines = [line.strip() for line in text.splitlines()]
    given = [(number, line) for number, line in enumerate(lines, start=1) if line]
    if not given:
        return [], NO_LINKS
    if len(given) > MAX_LINES:
        return [], f"At most {MAX_LINES:,} links at once."
    links: list[str] = []
    for number, line in given:
        link = web_url(line)
        if link is None:
            return [], f"Line {number} is not a web address: {shortened(line, 60)}"
        if link not in links:
            links.append(link)
    return links, ""


class ImportLinksDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Links")
        self.setAccessibleName("Import links")
        self.setMinimumWidth(520)
        self.links = QPlainTextEdit(self)
        self.links.setPlaceholderText("https://example.com/2024/05/a-story.html\n…")
        self.links.setAccessibleName("Web addresses, one per line")
        self.links.setTabChangesFocus(True)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("read later, asia/korea")
        self.tags.setAccessibleName("Tags for the articles")
        self.problem = plain_label(QLabel(self))
        self.problem.setAccessibleName("What the links need")
        self.problem.setWordWrap(True)
        self.buttons = ok_cancel_buttons(self, "Import")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        form.addRow("Links:", self.links)
        form.addRow("Tags:", self.tags)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.links.textChanged.connect(self._check)
        self.links.setPlainText(_clipboard_links())
        self._check()
        self.links.setFocus()

    def _check(self) -> None:
        links, problem = links_in(self.links.toPlainText())
        self.ok.setEnabled(bool(links))
        count = f"{len(links)} link{'s' if len(links) != 1 else ''} to import." if links else ""
        self.problem.setText(problem or count)

    def chosen(self) -> tuple[list[str], tuple[str, ...]]:
        return links_in(self.links.toPlainText())[0], split_tags(self.tags.text())


def _clipboard_links() -> str:
    clipboard = QApplication.clipboard()
    text = clipboard.text() if clipboard is not None else ""
    links, problem = links_in(text)
    return "\n".join(links) if links and not problem else ""

