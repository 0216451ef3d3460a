"""User text shown by Qt as written, never as markup.

Qt guesses whether the text of a tooltip, a label or a message box is rich text
(``Qt::mightBeRichText``): a tag called ``<b>news</b>``, a path with a ``<`` in it or a comment
quoting HTML would be rendered as markup, or vanish. Tag names, paths, comments, queries and
error messages quoting them go through here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as TextQt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def as_plain(text: str) -> str:
    """``text`` for a widget that guesses its format (a tooltip, an input dialog's label):
    shown as written whatever it holds. Text Qt would not take for markup is returned as it
    is, so ordinary tooltips look as they always did."""
    if not TextQt.mightBeRichText(text):
        return text
    return TextQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def plain_label(label: QLabel) -> QLabel:
    """``label``, set to show its text as written."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    parent: QWidget | None,
) -> QMessageBox:
    """A message box that shows ``text`` as written."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """What ``QMessageBox.warning`` shows, with ``text`` as written."""
    message_box(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                parent).exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                parent).exec()


def critical(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                parent).exec()
