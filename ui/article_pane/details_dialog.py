"""*Edit details…*: an article's title, publication date and source, as one undoable step."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reader import Article, InvalidValue
from reader.dates import parse_date
from reader.edits import EditDetails
from ui.article_pane.note_editor import ERROR_COLOR
from ui.plain_text import plain_label
from ui.undo import EditHistory


class ArticleDetailsDialog(QDialog):
    """Edit an article's title, publication date and source; problems are shown inline."""

    def __init__(self, history: EditHistory, article: Article, parent: QWidget | None = None):
        super().__init__(parent)
        self._history = history
        self._article_id = article.id
        self.setWindowTitle("Edit details")
        self.setMinimumWidth(460)
        self.title_edit = QLineEdit(article.title, self)
        self.title_edit.setAccessibleName("Title")
        self.date_edit = QLineEdit(article.published.isoformat() if article.published else "")
        self.date_edit.setAccessibleName("Publication date")
        self.date_edit.setPlaceholderText("e.g. 2024-03-20 or 20 March 2024; empty for none")
        self.source_edit = QLineEdit(article.source or "", self)
        self.source_edit.setAccessibleName("Source")
        self.source_edit.setPlaceholderText("e.g. the publication")
        self.error_label = plain_label(QLabel(self))
        self.error_label.setAccessibleName("Problem")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Save details")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Date:", self.date_edit)
        form.addRow("&Source:", self.source_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def accept(self) -> None:
        text = self.date_edit.text().strip()
        try:
            published = parse_date(text) if text else None
        except InvalidValue as exc:
            self._problem(f"{str(exc).capitalize()}. Try 2024-03-20 or 20 March 2024.")
            self.date_edit.setFocus()
            self.date_edit.selectAll()
            return
        edit = EditDetails(self._article_id, title=self.title_edit.text(),
                           published=published, source=self.source_edit.text())
        try:
            edit.values()  # a bad title is said here, before the dialog closes
        except InvalidValue as exc:
            self._problem(f"{str(exc).capitalize()}.")
            self.title_edit.setFocus()
            return
        # Written off the GUI thread, in turn; a refused write is said in the window's banner.
        self._history.make(edit, background=True)
        super().accept()

    def _problem(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
