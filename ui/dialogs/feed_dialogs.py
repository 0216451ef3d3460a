"""File > Add Feed… and a feed's Settings…: small forms that hand back what was chosen.

Tags are typed as a comma-separated list, as the command line's ``--tag`` is repeated. The
dialogs only collect; subscribing and saving run off the GUI thread (``ui.window.feeds``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reader.feeds.records import Feed, FeedChanges


def split_tags(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (called ``ok_text``) and Cancel, wired to the dialog, each with its accessible name."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    for button in buttons.buttons():
        button.setAccessibleName(button.text().replace("&", ""))
    return buttons


def _named(field: QLineEdit | QCheckBox, name: str) -> QLineEdit | QCheckBox:
    field.setAccessibleName(name)
    return field


class AddFeedDialog(QDialog):
    """The address of a feed (or of a site whose home page names one), tags and full text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Feed")
        self.setAccessibleName("Add feed")
        self.setMinimumWidth(480)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://example.com/feed.xml or https://example.com")
        _named(self.url, "Feed or site address")
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("news, asia/korea")
        _named(self.tags, "Tags for its articles")
        self.full_text = QCheckBox("Fetch the whole article from each entry's page", self)
        _named(self.full_text, "Fetch the whole article")
        self.full_text.setToolTip("For feeds that carry only a summary of each story")
        form = QFormLayout()
        form.addRow("Address:", self.url)
        form.addRow("Tags:", self.tags)
        form.addRow(self.full_text)
        hint = QLabel("A site's home page works too: its feed is found from the page.", self)
        hint.setEnabled(False)
        self.buttons = ok_cancel_buttons(self, "Subscribe")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.url.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.url.setFocus()

    def chosen(self) -> tuple[str, tuple[str, ...], bool]:
        return self.url.text().strip(), split_tags(self.tags.text()), self.full_text.isChecked()


class FeedSettingsDialog(QDialog):
    """A feed's title, the tags its articles get, full text, and pause."""

    def __init__(self, feed: Feed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Feed Settings: {feed.title}")
        self.setAccessibleName("Feed settings")
        self.setMinimumWidth(480)
        address = QLabel(feed.url, self)
        address.setAccessibleName("Feed address")
        address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title = QLineEdit(feed.title, self)
        _named(self.title, "Feed title")
        self.tags = QLineEdit(", ".join(feed.tags), self)
        _named(self.tags, "Tags for its articles")
        self.tags.setToolTip("Given to the articles that come from now on")
        self.full_text = QCheckBox("Fetch the whole article from each entry's page", self)
        self.full_text.setChecked(feed.full_text)
        _named(self.full_text, "Fetch the whole article")
        self.paused = QCheckBox("Paused: refresh only when asked", self)
        self.paused.setChecked(feed.paused)
        _named(self.paused, "Paused")
        form = QFormLayout()
        form.addRow("Address:", address)
        form.addRow("Title:", self.title)
        form.addRow("Tags:", self.tags)
        form.addRow(self.full_text)
        form.addRow(self.paused)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if feed.gone or feed.error:
            problem = QLabel(("Gone: " if feed.gone else "Last refresh failed: ")
                             + (feed.error or ""), self)
            problem.setWordWrap(True)
            problem.setAccessibleName("Last refresh")
            layout.addWidget(problem)
        layout.addWidget(ok_cancel_buttons(self, "Save"))
        self._feed = feed

    def chosen(self) -> FeedChanges:
        title = self.title.text().strip()
        return FeedChanges(title=title if title and title != self._feed.title else None,
                           tags=split_tags(self.tags.text()),
                           full_text=self.full_text.isChecked(),
                           paused=self.paused.isChecked())
