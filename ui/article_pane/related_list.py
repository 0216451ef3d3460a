"""The articles most like the one shown, under its note and highlights: title, then date and
source; a click (or Enter) opens one. Near-identical copies of the article (the same story
in another outlet) say so."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader import RelatedArticle
from ui.article_pane.article_document import format_date
from ui.article_pane.side_column import section_label

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
META_ROLE = Qt.ItemDataRole.UserRole + 1
PAD = 4


def meta_line(item: RelatedArticle) -> str:
    """"12 March 2024 · Reuters", with "same story" for a near-identical copy."""
    parts = [format_date(item.summary.published) if item.summary.published else "undated",
             item.summary.source or ""]
    if item.near_duplicate:
        parts.append("same story")
    return " · ".join(part for part in parts if part)


class RelatedDelegate(QStyledItemDelegate):
    """Two lines per article: the title, and its date and source in the muted colour."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(option.rect.width(), metrics.height() * 2 + 3 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        text, option.text = option.text, ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        line = QFontMetrics(option.font).height()
        area = option.rect.adjusted(PAD + 2, PAD, -PAD, -PAD)
        painter.save()
        painter.setFont(option.font)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text))
        title = QFontMetrics(option.font).elidedText(text, Qt.TextElideMode.ElideRight,
                                                    area.width())
        painter.drawText(QRect(area.left(), area.top(), area.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.PlaceholderText))
        meta = QFontMetrics(small).elidedText(str(index.data(META_ROLE) or ""),
                                              Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(QRect(area.left(), area.top() + line + PAD // 2, area.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, meta)
        painter.restore()


class RelatedView(QListWidget):
    """Esc hands focus back to the article list."""

    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class RelatedList(QWidget):
    """The related articles of the article shown, or a word on why there are none."""

    open_requested = Signal(int)  # an article id
    focus_list_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = section_label("Related", self)
        self.view = RelatedView(self)
        self.view.setAccessibleName("Related articles")
        self.view.setItemDelegate(RelatedDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QListWidget.Shape.NoFrame)
        self.view.setBackgroundRole(QPalette.ColorRole.Window)
        self.view.viewport().setAutoFillBackground(False)
        self.view.itemClicked.connect(self._open)
        self.view.itemActivated.connect(self._open)
        self.view.escape_pressed.connect(self.focus_list_requested)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.show_message("")

    def show_message(self, text: str) -> None:
        """No articles, and ``text`` saying why (or nothing)."""
        self.view.clear()
        self.view.hide()
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_related(self, found: Sequence[RelatedArticle]) -> None:
        if not found:
            self.show_message("No related articles yet.")
            return
        self.view.clear()
        for item in found:
            row = QListWidgetItem(item.summary.title, self.view)
            row.setData(ID_ROLE, item.summary.id)
            row.setData(META_ROLE, meta_line(item))
            row.setToolTip(f"{item.summary.title}\n{meta_line(item)}")
        self.status.hide()
        self.view.show()

    def article_ids(self) -> list[int]:
        """The ids listed, in order."""
        return [int(self.view.item(i).data(ID_ROLE)) for i in range(self.view.count())]

    def _open(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(int(item.data(ID_ROLE)))
