"""The sidebar's "Feeds" section: each subscription with its unread count, and a mark on a
feed whose last refresh failed (the reason on hover).

Choosing a feed puts ``feed:ID`` in the search box, as a saved search puts its query: the
list then shows that feed's articles, and words typed after it search within them. The
subscriptions and their counts are read off the GUI thread, a moment after a write that may
change them (a refresh landing, articles read), in one pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPalette, QPixmap, QStandardItem
from PySide6.QtWidgets import QMenu, QTreeView

from reader import Changes, Library
from ui.tasks import LatestOnly, Runner

if TYPE_CHECKING:  # not needed to open the window
    from reader.feeds.records import Feed

FEED_KIND = "feed"
FeedIdRole = int(Qt.ItemDataRole.UserRole) + 20
READ_DELAY_MS = 300
MARK = 12
FAILED_COLOR = "#c0392b"


def feed_query(feed_id: int) -> str:
    return f"feed:{feed_id}"


def feed_mark(failed: bool, palette: QPalette) -> QIcon:
    """A small feed symbol, or a red disc with "!" for a feed whose last refresh failed."""
    pixmap = QPixmap(MARK, MARK)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if failed:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FAILED_COLOR))
        painter.drawEllipse(0, 0, MARK, MARK)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(MARK - 2)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, MARK, MARK), Qt.AlignmentFlag.AlignCenter, "!")
    else:
        color = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(QRectF(1, MARK - 4, 3, 3))
        pen = painter.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(color)
        pen.setWidthF(1.6)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for radius in (5.0, 9.0):  # the two arcs of the feed symbol
            painter.drawArc(QRectF(2.5 - radius, MARK - 2.5 - radius, radius * 2, radius * 2),
                            0, 90 * 16)
    painter.end()
    return QIcon(pixmap)


def feed_tooltip(feed: Feed) -> str:
    lines = [feed.title, feed.url,
             f"{feed.unread:,} unread of {feed.articles:,} article"
             + ("" if feed.articles == 1 else "s")]
    if feed.tags:
        lines.append("Tags: " + ", ".join(feed.tags))
    if feed.gone:
        lines.append("Gone: the server says the feed was removed; it is no longer refreshed")
    elif feed.error:
        lines.append(f"Last refresh failed: {feed.error}")
    if feed.paused:
        lines.append("Paused: refreshed only when asked")
    return "\n".join(lines)


class FeedSection(QObject):
    """Fills ``root`` (a sidebar section item) with the library's subscriptions."""

    refresh_requested = Signal(int)  # a feed's id
    settings_requested = Signal(int)
    remove_requested = Signal(int)

    def __init__(self, library: Library, runner: Runner, root: QStandardItem, tree: QTreeView,
                 kind_role: int, value_role: int) -> None:
        super().__init__(tree)
        self._root = root
        self._tree = tree
        self._kind_role = kind_role
        self._value_role = value_role
        self.feeds: tuple[Feed, ...] = ()
        self.loaded = False  # whether ``feeds`` has been read yet
        self._to_choose: int | None = None  # a feed just added, chosen once it is listed
        self._reader = LatestOnly(runner, lambda _context: library.feeds.all(), self._arrived)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(READ_DELAY_MS)
        self._timer.timeout.connect(self._read_if_shown)
        self._show_section(False)

    def refresh(self) -> None:
        """Read the subscriptions again; the section is rebuilt when they arrive."""
        self._reader.request()

    def on_library_changed(self, changes: Changes) -> None:
        if changes.feeds or changes.everything or changes.counts or changes.membership:
            self._timer.start()  # a refresh lands feed by feed: read once they settle

    def _read_if_shown(self) -> None:
        if self._tree.window().isVisible():
            self._reader.request()

    def _arrived(self, feeds: list[Feed] | None, error: BaseException | None) -> None:
        if error is not None or feeds is None:
            return  # the section stays as it was; the next change reads it again
        self.feeds = tuple(feeds)
        self.loaded = True
        chosen = self._tree.currentIndex().siblingAtColumn(0).data(FeedIdRole)
        self._root.removeRows(0, self._root.rowCount())
        muted = self._tree.palette().color(QPalette.ColorRole.PlaceholderText)
        for feed in feeds:
            name = QStandardItem(feed.title)
            name.setData(FEED_KIND, self._kind_role)
            name.setData(feed_query(feed.id), self._value_role)
            name.setData(feed.id, FeedIdRole)
            name.setIcon(feed_mark(bool(feed.error), self._tree.palette()))
            name.setToolTip(feed_tooltip(feed))
            state = "failed" if feed.error else "paused" if feed.paused else ""
            name.setData(f"Feed {feed.title}, {feed.unread:,} unread"
                         + (f", {state}" if state else ""), Qt.ItemDataRole.AccessibleTextRole)
            if feed.paused or feed.gone:
                name.setForeground(muted)
            count = QStandardItem(f"{feed.unread:,}" if feed.unread else "")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setForeground(muted)
            count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self._root.appendRow([name, count])
        self._show_section(bool(feeds))
        if self._to_choose is not None and self._choose(self._to_choose):
            self._to_choose = None
        elif chosen is not None:
            self.select(int(chosen))

    def choose_when_listed(self, feed_id: int) -> None:
        """Choose the feed, as a click does, as soon as the section lists it (a feed just
        subscribed to is listed by the next read)."""
        if not self._choose(feed_id):
            self._to_choose = feed_id
            self.refresh()

    def _choose(self, feed_id: int) -> bool:
        for row in range(self._root.rowCount()):
            item = self._root.child(row, 0)
            if item is not None and item.data(FeedIdRole) == feed_id:
                self._tree.setCurrentIndex(item.index())
                return True
        return False

    def _show_section(self, shown: bool) -> None:
        index = self._root.index()
        self._tree.setRowHidden(index.row(), index.parent(), not shown)
        self._tree.setExpanded(index, True)

    def select(self, feed_id: int) -> bool:
        """Show the feed chosen (without choosing it again); False when it is not listed."""
        for row in range(self._root.rowCount()):
            item = self._root.child(row, 0)
            if item is not None and item.data(FeedIdRole) == feed_id:
                model = self._tree.selectionModel()
                blocked = model.blockSignals(True)
                try:
                    self._tree.setCurrentIndex(item.index())
                finally:
                    model.blockSignals(blocked)
                self._tree.viewport().update()
                return True
        return False

    def show_menu(self, index: QModelIndex, point: QPoint) -> None:
        feed_id, name = int(index.data(FeedIdRole)), str(index.data())
        menu = QMenu(self._tree)
        menu.setAccessibleName(f"Feed {name}")
        entries: list[tuple[str, Any]] = [("Refresh", self.refresh_requested),
                                          ("Settings…", self.settings_requested),
                                          ("Unsubscribe…", self.remove_requested)]
        for text, signal in entries:
            action = QAction(text, menu)
            action.setToolTip(f"{text.rstrip('…')} feed {name}")
            action.triggered.connect(lambda _checked=False, s=signal: s.emit(feed_id))
            menu.addAction(action)
        menu.exec(self._tree.viewport().mapToGlobal(point))
