"""The shown article's highlights: colour, quoted text and comment, with edit actions."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader import Highlight, Library
from reader.edits import Edit, EditHighlight, RemoveHighlight
from reader.settings import Settings
from reader.text_direction import is_right_to_left
from ui.article_pane.highlight_list_model import HIGHLIGHT_ROLE, HighlightListModel
from ui.undo import EditHistory

_Index = QModelIndex | QPersistentModelIndex


def swatch_icon(hex_color: str, size: int = 12) -> QIcon:
    """A small square of a highlight colour, for menus."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(hex_color))
    return QIcon(pixmap)


def _in_direction(painter: QPainter, text: str) -> Qt.AlignmentFlag:
    """Lay ``text`` out in its direction (Arabic at the right); returns its alignment."""
    rtl = is_right_to_left(text)
    rtl_or_ltr = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    painter.setLayoutDirection(rtl_or_ltr)
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


class HighlightDelegate(QStyledItemDelegate):
    """A colour bar, up to two lines of quote and one line of comment."""

    PAD = 8
    BAR = 4

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        comment = QFont(option.font)
        comment.setItalic(True)
        return option.font, comment

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        quote_font, comment_font = self._fonts(option)
        lines = QFontMetrics(quote_font).lineSpacing() * 2
        mark: Highlight = index.data(HIGHLIGHT_ROLE)
        if mark is not None and mark.comment:
            lines += QFontMetrics(comment_font).lineSpacing() + 2
        return QSize(200, lines + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        mark: Highlight = index.data(HIGHLIGHT_ROLE)
        base = QStyleOptionViewItem(option)
        self.initStyleOption(base, index)
        base.text = ""
        base.icon = QIcon()
        base.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, base, painter, option.widget)
        if mark is None:
            return
        quote_font, comment_font = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        painter.save()
        painter.fillRect(QRect(rect.left(), rect.top(), self.BAR, rect.height()),
                         index.data(Qt.ItemDataRole.DecorationRole))
        left = rect.left() + self.BAR + 8
        width = max(rect.right() - left, 10)
        metrics = QFontMetrics(quote_font)
        painter.setFont(quote_font)
        painter.setPen(ink)
        y = rect.top()
        align = _in_direction(painter, mark.text)
        for line in self._quote_lines(f"“{index.data()}”", metrics, width):
            painter.drawText(QRect(left, y, width, metrics.lineSpacing()), align, line)
            y += metrics.lineSpacing()
        if mark.comment:
            metrics = QFontMetrics(comment_font)
            painter.setFont(comment_font)
            if not selected:
                painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            comment = metrics.elidedText(" ".join(mark.comment.split()),
                                         Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(left, y + 2, width, metrics.lineSpacing()),
                             _in_direction(painter, mark.comment), comment)
        painter.restore()

    @staticmethod
    def _quote_lines(text: str, metrics: QFontMetrics, width: int) -> list[str]:
        if metrics.horizontalAdvance(text) <= width:
            return [text]
        # Break after the last space that fits on the first line; elide the rest.
        cut = min(len(text), int(width / max(metrics.averageCharWidth(), 1) * 1.5) + 1)
        while cut > 1 and metrics.horizontalAdvance(text[:cut]) > width:
            space = text.rfind(" ", 0, cut)
            cut = space if space > 0 else cut - 1
        first, rest = text[:cut], text[cut:].lstrip()
        return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]


class HighlightList(QListView):
    """The list of highlights. Delete (or Backspace) removes the current one: the list claims
    those keys first, or the window's Delete (Move to Trash) would take them."""

    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Highlights")
        self.setAccessibleDescription("Delete removes the selected highlight")

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _removes(event)
        ):
            event.accept()  # no window shortcut: keyPressEvent gets the key
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Tab makes the first highlight current without selecting it; select it, so that
        # Delete and the buttons act on the highlight that shows the focus.
        index = self.currentIndex()
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _removes(event):
            self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _removes(event: QKeyEvent) -> bool:
    plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class HighlightsPanel(QWidget):
    """Lists highlights; choosing one asks the reading pane to show it (``activated``)."""

    activated = Signal(object)  # Highlight
    error = Signal(str)
    focus_list_requested = Signal()  # the highlight that had the focus was the last one

    def __init__(self, library: Library, settings: Settings, parent: QWidget | None = None,
                 history: EditHistory | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._history = history or EditHistory(library, parent=self)
        self._settings = settings
        self.model = HighlightListModel(settings, self)

        self.view = HighlightList(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(HighlightDelegate(self.view))
        self.view.setAccessibleName("Highlights")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(False)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.clicked.connect(self._show)
        self.view.doubleClicked.connect(lambda _index: self.edit_comment())
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_state())

        self.empty_label = QLabel(
            "No highlights." if library.read_only
            else "Select text in the article, then right-click it to highlight.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.comment_button = QPushButton("Comment…", self)
        self.comment_button.setAccessibleName("Edit highlight comment")
        self.comment_button.clicked.connect(lambda: self.edit_comment())
        self.color_button = QPushButton("Colour", self)
        self.color_button.setAccessibleName("Change highlight colour")
        self.color_button.setMenu(self._color_menu())
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAccessibleName("Remove highlight")
        self.remove_button.clicked.connect(lambda: self.remove())

        self.view.remove_requested.connect(lambda: self.remove())

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.comment_button, self.color_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self._update_state()

    # --- public -------------------------------------------------------------------------

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Show ``highlights``, keeping the current one selected if it is still there."""
        current = self.current()
        self.view.selectionModel().blockSignals(True)
        self.model.set_highlights(highlights)
        row = self.model.row_of(current.id) if current else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))
        self.view.selectionModel().blockSignals(False)
        self._update_state()

    def current(self) -> Highlight | None:
        index = self.view.currentIndex()
        selected = self.view.selectionModel().isSelected(index) if index.isValid() else False
        return index.data(HIGHLIGHT_ROLE) if selected else None

    def select(self, highlight_id: int) -> None:
        row = self.model.row_of(highlight_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))

    def edit_comment(self, text: str | None = None) -> None:
        """Set the current highlight's comment to ``text``, or ask for it."""
        mark = self.current()
        if mark is None:
            return
        if text is None:
            text, accepted = QInputDialog.getMultiLineText(
                self, "Highlight comment", "Comment:", mark.comment
            )
            if not accepted:
                return
        self._write(EditHighlight(mark.id, comment=text))

    def set_color(self, key: str) -> None:
        mark = self.current()
        if mark is not None:
            self._write(EditHighlight(mark.id, color=key))

    def remove(self) -> None:
        mark = self.current()
        if mark is not None:
            self._write(RemoveHighlight(mark.id))

    # --- private ------------------------------------------------------------------------

    def _write(self, edit: Edit[object]) -> None:
        """Make ``edit`` off the GUI thread, in turn; a refusal is said as ``error``."""
        self._history.make(edit, background=True, failed=lambda error: self.error.emit(str(error)))

    def settings_changed(self) -> None:
        """The colours' names in the menu and the list as the settings have them now."""
        previous = self.color_button.menu()
        self.color_button.setMenu(self._color_menu())
        if previous is not None:
            previous.deleteLater()
        self.model.refresh()

    def _color_menu(self) -> QMenu:
        menu = QMenu(self)
        for color in self._settings.highlight_colors:
            action = menu.addAction(swatch_icon(color.hex), color.name)
            action.triggered.connect(lambda _=False, key=color.key: self.set_color(key))
        return menu

    def _show(self, index: QModelIndex) -> None:
        mark = index.data(HIGHLIGHT_ROLE)
        if mark is not None:
            self.activated.emit(mark)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_state()
        if current.isValid():
            self._show(current)

    def _update_state(self) -> None:
        has_rows = self.model.rowCount() > 0
        chosen = self.current() is not None
        # Focus on a control about to be hidden or disabled would move on by itself, to the
        # next control in the window (the search box): keep it on the list, or go back to
        # the article list when the last highlight has gone.
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            if not has_rows:
                self.focus_list_requested.emit()
            elif focus is not self.view and not chosen:
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        for button in (self.comment_button, self.color_button, self.remove_button):
            button.setEnabled(chosen and not self._library.read_only)
            button.setVisible(has_rows)

    def _context_menu(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid() or self._library.read_only:
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("Edit comment…", lambda: self.edit_comment())
        colors = menu.addMenu("Colour")
        for color in self._settings.highlight_colors:
            action = colors.addAction(swatch_icon(color.hex), color.name)
            action.triggered.connect(lambda _=False, key=color.key: self.set_color(key))
        menu.addSeparator()
        menu.addAction("Remove highlight", lambda: self.remove())
        menu.exec(self.view.viewport().mapToGlobal(point))
        menu.deleteLater()
