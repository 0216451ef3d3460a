"""How article list cells are painted: titles in their own direction, tag chips, the star,
the note/highlight markers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader import TagRef
from reader.text_direction import is_right_to_left
from ui.article_list.article_model import SummaryRole, TagsRole
from ui.article_list.columns import read_part_way
from ui.contrast import readable_text_color
from ui.resources import icon

AnyIndex = QModelIndex | QPersistentModelIndex

STAR_COLOR = QColor("#e3a008")
PROGRESS_HEIGHT = 2
PROGRESS_WIDTH = 120  # a mark under the title's start, not a rule across the row


def neutral_chip_color(palette: QPalette) -> QColor:
    """A chip colour that sits quietly on both light and dark bases."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    mix = 0.16
    return QColor.fromRgbF(
        base.redF() + (text.redF() - base.redF()) * mix,
        base.greenF() + (text.greenF() - base.greenF()) * mix,
        base.blueF() + (text.blueF() - base.blueF()) * mix,
    )


def _paint_background(
    delegate: QStyledItemDelegate, painter: QPainter, option: QStyleOptionViewItem,
    index: AnyIndex,
) -> QStyleOptionViewItem:
    """Draw the cell (selection, hover, focus) without its text; return the prepared option."""
    item = QStyleOptionViewItem(option)
    delegate.initStyleOption(item, index)
    item.text = ""
    widget = option.widget
    style = widget.style() if widget is not None else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
    return item


class TitleDelegate(QStyledItemDelegate):
    """A right-to-left title (Arabic, Hebrew) is laid out right to left, so that what sits at
    its ends (a question mark, a number, a Latin name) lands where its reader expects, and is
    cut at its left end when it does not fit; the model aligns it right.

    Under the title of an article read part way, a thin bar says how far."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        if option.text and is_right_to_left(option.text):
            option.direction = Qt.LayoutDirection.RightToLeft

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        summary = index.data(SummaryRole)
        if summary is None or not read_part_way(summary):
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        ink = palette.color(QPalette.ColorRole.HighlightedText if selected
                            else QPalette.ColorRole.Highlight)
        track = QColor(ink)
        track.setAlphaF(0.25)
        rect = option.rect.adjusted(4, 0, -4, 0)
        width = min(rect.width(), PROGRESS_WIDTH)
        done = round(width * summary.progress)
        top = rect.bottom() - PROGRESS_HEIGHT + 1  # the last rows of the cell, under descenders
        if option.direction == Qt.LayoutDirection.RightToLeft:  # from where the title starts
            bar = QRect(rect.right() - width + 1, top, width, PROGRESS_HEIGHT)
            done_rect = QRect(bar.right() - done + 1, top, done, PROGRESS_HEIGHT)
        else:
            bar = QRect(rect.left(), top, width, PROGRESS_HEIGHT)
            done_rect = QRect(bar.left(), top, done, PROGRESS_HEIGHT)
        painter.fillRect(bar, track)
        painter.fillRect(done_rect, ink)


class TagChipDelegate(QStyledItemDelegate):
    """Tags as coloured rounded chips; "+N" when the rest do not fit."""

    PADDING = 6
    GAP = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        item = _paint_background(self, painter, option, index)
        tags: tuple[TagRef, ...] = index.data(TagsRole) or ()
        if not tags:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(item.font)
        font.setBold(False)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        rect = option.rect.adjusted(4, 4, -4, -4)
        height = min(rect.height(), metrics.height() + 4)
        top = rect.top() + (rect.height() - height) // 2
        x = rect.left()
        neutral = neutral_chip_color(option.palette)
        for position, tag in enumerate(tags):
            width = metrics.horizontalAdvance(tag.name) + 2 * self.PADDING + 2
            remaining = len(tags) - position
            reserve = 0 if remaining == 1 else metrics.horizontalAdvance(f"+{remaining}") + 8
            if x + width > rect.right() - reserve:
                width = rect.right() - reserve - x
                if width < 3 * self.PADDING + metrics.horizontalAdvance("…"):
                    more = f"+{remaining}"
                    painter.setPen(item.palette.color(QPalette.ColorRole.Text))
                    painter.drawText(
                        QRect(x, top, rect.right() - x, height),
                        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                        more,
                    )
                    break
            fill = QColor(tag.color) if tag.color else neutral
            chip = QRect(x, top, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(chip, height / 2, height / 2)
            text_color = (
                readable_text_color(fill)
                if tag.color
                else option.palette.color(QPalette.ColorRole.Text)
            )
            painter.setPen(text_color)
            label = metrics.elidedText(
                tag.name, Qt.TextElideMode.ElideRight, width - 2 * self.PADDING
            )
            painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), label)
            x += width + self.GAP
            if x >= rect.right():
                break
        painter.restore()


class StarDelegate(QStyledItemDelegate):
    """A gold ★ for starred articles, a faint ☆ otherwise; clicking it toggles the star."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        item = _paint_background(self, painter, option, index)
        summary = index.data(SummaryRole)
        if summary is None:
            return
        painter.save()
        font = QFont(item.font)
        font.setBold(False)
        painter.setFont(font)
        if summary.starred:
            painter.setPen(STAR_COLOR)
            glyph = "★"
        else:
            faint = item.palette.color(QPalette.ColorRole.Text)
            faint.setAlphaF(0.35)
            painter.setPen(faint)
            glyph = "☆"
        painter.drawText(option.rect, int(Qt.AlignmentFlag.AlignCenter), glyph)
        painter.restore()


class MarksDelegate(QStyledItemDelegate):
    """A note icon when the article has a note; a highlighter and the count for highlights."""

    ICON = 14

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        item = _paint_background(self, painter, option, index)
        summary = index.data(SummaryRole)
        if summary is None or not (summary.has_note or summary.highlight_count):
            return
        painter.save()
        font = QFont(item.font)
        font.setBold(False)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
        painter.setFont(font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(item.palette.color(role))
        rect = option.rect
        top = rect.top() + (rect.height() - self.ICON) // 2
        x = rect.left() + 6
        if summary.has_note:
            icon("note").paint(painter, QRect(x, top, self.ICON, self.ICON))
            x += self.ICON + 4
        if summary.highlight_count:
            icon("highlight").paint(painter, QRect(x, top, self.ICON, self.ICON))
            x += self.ICON + 1
            count = QRect(x, rect.top(), rect.right() - x, rect.height())
            align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(count, int(align), str(summary.highlight_count))
        painter.restore()
