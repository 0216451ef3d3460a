"""The sidebar: the library's smart views with counts, the saved searches, the feeds, then
the tags as a tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTreeView,
    QWidget,
)

from reader import ArticleQuery, Changes, Counts, Library, Tag, View
from ui.plain_text import as_plain
from ui.sidebar.feeds_section import FEED_KIND, FeedSection
from ui.sidebar.saved_searches import SEARCH_KIND, SavedSearchSection, SearchIdRole
from ui.sidebar.tag_commands import TagCommands
from ui.sidebar.tag_swatch import swatch
from ui.tasks import LatestOnly, Runner
from ui.undo import EditHistory

KindRole = int(Qt.ItemDataRole.UserRole) + 1  # "view", "tag", "group" (a parent that is not a tag)
ValueRole = int(Qt.ItemDataRole.UserRole) + 2  # the View, or the tag's full name
IsTagRole = int(Qt.ItemDataRole.UserRole) + 3
# Choosing one of these puts its query in the search box (a saved search, ``feed:ID``).
QUERY_KINDS = frozenset({SEARCH_KIND, FEED_KIND})

VIEW_LABELS = {
    View.ALL: "All articles",
    View.UNREAD: "Unread",
    View.STARRED: "Starred",
    View.ANNOTATED: "Annotated",
    View.TRASH: "Trash",
}


class TagSidebar(QTreeView, TagCommands):
    """Emits ``query_changed`` with an ArticleQuery carrying just the view and tag chosen."""

    query_changed = Signal(object)  # ArticleQuery (view and tag; sort is the list's business)
    search_chosen = Signal(str)  # a saved search was picked: its query goes in the search box
    trash_menu_requested = Signal(QPoint)  # the Trash was right-clicked (global position)

    def __init__(
        self,
        library: Library,
        runner: Runner,
        parent: QWidget | None = None,
        history: EditHistory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tagSidebar")
        self.setAccessibleName("Library views and tags")
        self._library = library
        self._runner = runner
        # The tag commands are steps of the window's undo history, beside the article edits.
        self._history = history or EditHistory(library, runner, self)
        self._history.tag_moving.connect(self._moving)
        self._model = QStandardItemModel(0, 2, self)
        self._view_items: dict[View, tuple[QStandardItem, QStandardItem]] = {}
        self._tags_root = QStandardItem("Tags")
        self._tag_items: dict[str, QStandardItem] = {}  # casefolded full name -> item
        self._quiet = False
        self._current: tuple[View, str | None] = (View.ALL, None)
        self._follow: tuple[str, str] | None = None  # (old, new) while a rename or merge lands
        # The tree counts every tag's links: read off the GUI thread, so the window opens (and
        # a bulk tagging returns) without waiting for it.
        self._tags_loaded = False
        self._reshape = True  # whether the tags read next rebuild the tree
        self._tag_reader = LatestOnly(
            runner, lambda _context: (library.tags(), library.tag_subtree_counts()),
            self._tags_arrived)
        self._build_sections()

        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        header = self.header()
        header.setAccessibleName("Sidebar columns")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.expandAll()
        self.selectionModel().currentChanged.connect(self._on_current)
        self.refresh_tags()
        self.refresh_searches()
        self.feeds.refresh()  # read once the window has painted, as the tags are
        self.select_filter(View.ALL, None)

    # --- building -----------------------------------------------------------------------------

    def _section(self, title: str) -> QStandardItem:
        item = QStandardItem(title)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData("section", KindRole)
        return item

    def _build_sections(self) -> None:
        library_root = self._section("Library")
        self._model.appendRow([library_root, QStandardItem()])
        for view, label in VIEW_LABELS.items():
            name = QStandardItem(label)
            name.setData("view", KindRole)
            name.setData(view, ValueRole)
            count = self._count_item()
            library_root.appendRow([name, count])
            self._view_items[view] = (name, count)
        self._searches_root = self._section("Saved searches")
        self._model.appendRow([self._searches_root, QStandardItem()])
        self.saved = SavedSearchSection(self._library, self._runner, self._history,
                                        self._searches_root, self, KindRole, ValueRole)
        feeds_root = self._section("Feeds")
        self._model.appendRow([feeds_root, QStandardItem()])
        self.feeds = FeedSection(self._library, self._runner, feeds_root, self, KindRole,
                                 ValueRole)
        self._tags_root = self._section("Tags")
        self._model.appendRow([self._tags_root, QStandardItem()])

    def _count_item(self, count: int | None = None) -> QStandardItem:
        item = QStandardItem("" if count is None else f"{count:,}")
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        return item

    def refresh_counts(self, counts: Counts) -> None:
        values = {
            View.ALL: counts.total,
            View.UNREAD: counts.unread,
            View.STARRED: counts.starred,
            View.ANNOTATED: counts.annotated,
            View.TRASH: counts.trash,
        }
        for view, (name, count) in self._view_items.items():
            count.setText(f"{values[view]:,}")
            name.setData(f"{VIEW_LABELS[view]}, {values[view]:,} articles",
                         Qt.ItemDataRole.AccessibleTextRole)

    def refresh_tags(self) -> None:
        """Read the tags again; the tree is rebuilt when they arrive."""
        self._reshape = True
        self._tag_reader.request()

    def refresh_tag_counts(self) -> None:
        """Read the tags again; their counts and colours are written into the tree as it is
        (rebuilt all the same if the tags turn out to be others)."""
        self._tag_reader.request()

    def _tags_arrived(self, result: Any, error: BaseException | None) -> None:
        if error is not None or result is None:
            return  # the tree stays as it was; the next change reads the tags again
        tags, subtree_counts = result
        reshape, self._reshape = self._reshape, False
        if reshape or sorted(tag.name for tag in tags) != self._shown_tags():
            self._rebuild_tags(tags, subtree_counts)
            return
        for tag in tags:
            self._show_tag(self._tag_items[tag.name.casefold()], tag)
        self._show_subtree_counts(subtree_counts)

    def _shown_tags(self) -> list[str]:
        """The names of the tags in the tree (not the groups over them), sorted."""
        return sorted(str(item.data(ValueRole)) for item in self._tag_items.values()
                      if item.data(IsTagRole))

    def _rebuild_tags(self, tags: list[Tag], subtree_counts: dict[str, int]) -> None:
        """Rebuild the tag tree, keeping what was expanded and selected."""
        expanded = {key for key, item in self._tag_items.items() if self.isExpanded(item.index())}
        first_build = not self._tag_items
        self._tags_loaded = True
        self._quiet = True
        try:
            self._tags_root.removeRows(0, self._tags_root.rowCount())
            self._tag_items.clear()
            for entry in tags:
                self._add_tag(entry)
            self._show_subtree_counts(subtree_counts)
            for key, item in self._tag_items.items():
                if first_build or key in expanded:
                    self.setExpanded(item.index(), True)
            self.setExpanded(self._tags_root.index(), True)
        finally:
            self._quiet = False
        view, tag = self._current
        followed = self._followed(tag) if tag is not None else None
        if followed is not None:
            # Renamed or merged: the choice goes with it (a merged tag's children may keep its
            # name alive as a group, but the articles chosen went to the target).
            self.select_filter(View.ALL, followed)
        elif tag is not None and tag.casefold() not in self._tag_items:
            self.select_filter(View.ALL, None)  # the tag went away: every article
        elif self.currentIndex().siblingAtColumn(0).data(KindRole) not in QUERY_KINDS:
            self.select_filter(view, tag, emit=False)
        self._follow = None

    def _show_subtree_counts(self, counts: dict[str, int]) -> None:
        # Choosing a parent lists its whole subtree, so its count says how many that is.
        for key, total in counts.items():
            item = self._tag_items.get(key)
            if item is None:
                continue
            self._set_count(item, total)
            name = item.data(ValueRole)
            plural = "" if total == 1 else "s"
            item.setToolTip(as_plain(f"{name} and the tags under it: {total:,} article{plural}"))
            item.setData(f"Tag group {name}, {total:,} articles",
                         Qt.ItemDataRole.AccessibleTextRole)

    def _followed(self, tag: str) -> str | None:
        if self._follow is None:
            return None
        old, new = self._follow
        key, old_key = tag.casefold(), old.casefold()
        if key == old_key:
            candidate = new
        elif key.startswith(old_key + "/"):
            # By path segment: a folded name may be longer than the name (Straße, strasse).
            candidate = "/".join([new, *tag.split("/")[old.count("/") + 1 :]])
        else:
            return None
        return candidate if candidate.casefold() in self._tag_items else None

    def _add_tag(self, tag: Tag) -> None:
        parts = tag.name.split("/")
        parent = self._tags_root
        for depth in range(1, len(parts) + 1):
            name = "/".join(parts[:depth])
            key = name.casefold()
            item = self._tag_items.get(key)
            if item is None:
                item = QStandardItem(parts[depth - 1])
                item.setData("group", KindRole)
                item.setData(name, ValueRole)
                item.setData(False, IsTagRole)
                item.setIcon(swatch(None, QColor(Qt.GlobalColor.transparent)))
                item.setToolTip(as_plain(f"Articles tagged under {name}/"))
                parent.appendRow([item, self._count_item()])
                self._tag_items[key] = item
            parent = item
        self._show_tag(self._tag_items[tag.name.casefold()], tag)

    def _show_tag(self, leaf: QStandardItem, tag: Tag) -> None:
        """Make ``leaf`` the item of ``tag``: its colour, count and descriptions."""
        leaf.setData("tag", KindRole)
        leaf.setData(True, IsTagRole)
        leaf.setData(tag.color, Qt.ItemDataRole.UserRole)
        leaf.setIcon(swatch(tag.color, self.palette().color(QPalette.ColorRole.PlaceholderText)))
        plural = "" if tag.count == 1 else "s"
        leaf.setToolTip(as_plain(f"{tag.name}: {tag.count:,} article{plural}"))
        leaf.setData(f"Tag {tag.name}, {tag.count:,} articles", Qt.ItemDataRole.AccessibleTextRole)
        self._set_count(leaf, tag.count)

    def _set_count(self, item: QStandardItem, total: int) -> None:
        """Show ``total`` in the count column beside the tag tree's ``item``."""
        count = (item.parent() or self._tags_root).child(item.row(), 1)
        if count is not None:
            count.setText(f"{total:,}")

    # --- selection ----------------------------------------------------------------------------

    def current_filter(self) -> tuple[View, str | None]:
        return self._current

    def select_filter(self, view: View, tag: str | None, *, emit: bool = True) -> None:
        item = self._tag_items.get(tag.casefold()) if tag else None
        if tag and item is None and not self._tags_loaded:
            # The tree is still being read: the tag is chosen now and shown chosen when the
            # tree arrives (or given up then, if it no longer exists).
            self._current = (View.ALL, tag)
            self.selectionModel().clearCurrentIndex()  # nothing else looks chosen meanwhile
            if emit:
                self.query_changed.emit(ArticleQuery(view=View.ALL, tag=tag))
            return
        if item is None:
            item = self._view_items.get(view, self._view_items[View.ALL])[0]
        self._quiet = not emit
        try:
            self.setCurrentIndex(item.index())
        finally:
            self._quiet = False

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        index = current.siblingAtColumn(0)
        kind = index.data(KindRole)
        if kind == "view":
            chosen: tuple[View, str | None] = (View(index.data(ValueRole)), None)
        elif kind in ("tag", "group"):
            chosen = (View.ALL, str(index.data(ValueRole)))
        elif kind in QUERY_KINDS:  # a saved search or a feed looks through every article
            chosen = (View.ALL, None)
        else:
            return
        changed = chosen != self._current
        self._current = chosen
        if kind in QUERY_KINDS and not self._quiet:
            self.search_chosen.emit(str(index.data(ValueRole)))
        if changed and not self._quiet:
            self.query_changed.emit(ArticleQuery(view=chosen[0], tag=chosen[1]))

    # --- saved searches -----------------------------------------------------------------------

    def refresh_searches(self) -> None:
        """Re-read the saved searches, keeping the chosen one chosen while it exists."""
        current = self.currentIndex().siblingAtColumn(0)
        chosen = current.data(SearchIdRole) if current.data(KindRole) == SEARCH_KIND else None
        self._quiet = True
        try:
            self.saved.refresh()
        finally:
            self._quiet = False
        if chosen is not None and not self._select_search(int(chosen)):
            self.select_filter(View.ALL, None, emit=False)

    def _select_search(self, search_id: int) -> bool:
        root = self._searches_root.index()
        for row in range(self._model.rowCount(root)):
            index = self._model.index(row, 0, root)
            if index.data(SearchIdRole) == search_id:
                self._quiet = True
                try:
                    self.setCurrentIndex(index)
                finally:
                    self._quiet = False
                return True
        return False

    def follow_search_text(self, text: str) -> None:
        """The search box changed: a chosen saved search stays chosen only while the box
        still holds its query."""
        current = self.currentIndex().siblingAtColumn(0)
        if current.data(KindRole) in QUERY_KINDS and current.data(ValueRole) != text.strip():
            self.select_filter(View.ALL, None, emit=False)

    def on_library_changed(self, changes: Changes) -> None:
        """The tree is rebuilt only when tags were made, renamed or deleted; a tag given to or
        taken from articles, or recoloured, is shown anew where it stands. The views' counts
        come from the window."""
        if changes.tag_set or changes.everything:
            self.refresh_tags()
        elif changes.tags or changes.membership:
            self.refresh_tag_counts()
        if changes.searches or changes.everything:
            self.refresh_searches()
        else:
            self.saved.on_library_changed(changes)
        self.feeds.on_library_changed(changes)

    # --- tag context menu ---------------------------------------------------------------------

    def _show_menu(self, point: QPoint) -> None:
        index = self.indexAt(point).siblingAtColumn(0)
        if index.data(KindRole) in QUERY_KINDS:
            section = self.saved if index.data(KindRole) == SEARCH_KIND else self.feeds
            section.show_menu(index, point)
            return
        if index.data(KindRole) == "view" and index.data(ValueRole) == View.TRASH:
            self.trash_menu_requested.emit(self.viewport().mapToGlobal(point))
            return
        if index.data(KindRole) != "tag":
            return
        name = str(index.data(ValueRole))
        menu = QMenu(self)
        menu.setAccessibleName(f"Tag {name}")
        entries: list[tuple[str, Callable[[str], None]]] = [
            ("Rename…", self.rename_tag),
            ("Merge into…", self.merge_tag),
            ("Change colour…", self.change_color),
            ("Delete…", self.delete_tag),
        ]
        for text, handler in entries:
            action = QAction(text, menu)
            action.setToolTip(as_plain(f"{text.rstrip('…')} tag {name}"))
            action.triggered.connect(lambda _checked=False, h=handler: h(name))
            menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(point))
