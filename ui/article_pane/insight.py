"""What the window works out about the article shown, off the GUI thread: the articles most
like it and the tags it should probably carry; and the record that it was opened.

Nothing here delays a switch: the switch only clears the list and starts a timer. Once
switching pauses, one background request computes both; a newer switch supersedes it
(``Preemptive``), so a slow answer never lands on the wrong article. The index is kept level
with the library in the background too: after the window's first paint, and after imports.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

from reader import BroadsheetError, Changes, Library, NotFound
from reader.edits import RecordOpened
from ui.article_pane.related_list import RelatedList
from ui.article_pane.tag_field import TagField
from ui.tasks import LatestOnly, Preemptive, Runner, TaskContext
from ui.undo import EditHistory

# Related articles are asked for once switching (j, j, j…) pauses this long.
SETTLE_MS = 150
# An article shown this long counts as opened; flicking past it does not.
OPEN_DWELL_MS = 1500


class ArticleInsight(QObject):
    """Fills the related list and the tag suggestions of the article shown."""

    def __init__(self, library: Library, runner: Runner, history: EditHistory,
                 related: RelatedList, tags: TagField, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._history = history
        self._related = related
        self._tags = tags
        self._article_id: int | None = None
        self._may_record = False  # the article shown can be recorded as opened
        # An answer may arrive after the pane is gone (its window closed meanwhile). Told by
        # a plain function: this object may be deleted before the list is.
        self._gone = [False]
        related.destroyed.connect(lambda *_args, gone=self._gone: gone.__setitem__(0, True))
        self._query = Preemptive(runner)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._request)
        self._dwell = QTimer(self)
        self._dwell.setSingleShot(True)
        self._dwell.setInterval(OPEN_DWELL_MS)
        self._dwell.timeout.connect(self._record_open)
        self._keeper = LatestOnly(runner, self._refresh, self._refreshed)
        self._keeper.request()  # the window's runner holds it until the first paint

    @property
    def article_id(self) -> int | None:
        return self._article_id

    def show(self, article_id: int | None, in_trash: bool = False, opened: bool = True
             ) -> None:
        """A new article is shown (None: none is); ``opened`` unless the window chose it
        rather than the reader (as the window opens, shown as it was left)."""
        self._article_id = article_id
        self._query.cancel()
        self._dwell.stop()
        self._may_record = not self._library.read_only and not in_trash
        if article_id is None:
            self._settle.stop()
            self._related.show_message("")
            return
        self._related.show_message("Finding related articles…")
        self._settle.start()
        if opened:
            self.opened()

    def opened(self) -> None:
        """The reader chose the article shown: once it stays a moment, it counts as opened.
        An article the window showed on its own is no reading until then."""
        if self._article_id is not None and self._may_record and not self._dwell.isActive():
            self._dwell.start()

    def library_changed(self, changes: Changes) -> None:
        if changes.added or changes.everything:
            self._keeper.request()
        shown = self._article_id
        if shown is None:
            return
        tagged = bool(changes.tags or changes.tag_set) and (
            shown in changes.articles or changes.tag_set)
        gone = bool(changes.removed & set(self._related.article_ids()))
        if changes.everything or tagged or gone:
            self._settle.start()  # the list stays until the new one arrives

    def _request(self) -> None:
        article_id = self._article_id
        if article_id is None:
            return
        suggest = not self._library.read_only
        related = self._library.related

        def work(context: TaskContext) -> tuple[int, Any, Any] | None:
            if context.is_cancelled():
                return None
            found = related.related(article_id)
            if context.is_cancelled():
                return None
            return article_id, found, related.suggest_tags(article_id) if suggest else []

        self._query.request(work, self._arrived)

    def _arrived(self, result: tuple[int, Any, Any] | None, error: BaseException | None
                 ) -> None:
        if self._gone[0] or isinstance(error, NotFound) or (result is None and error is None):
            return
        if error is not None:
            reason = str(error) if isinstance(error, BroadsheetError) else repr(error)
            self._related.show_message(f"Related articles could not be found: {reason}")
            return
        assert result is not None
        article_id, found, suggestions = result
        if article_id == self._article_id:
            self._related.show_related(found)
            self._tags.show_suggestions(suggestions)

    def _refresh(self, context: TaskContext) -> int:
        return self._library.related.refresh(cancel=context.is_cancelled)

    def _refreshed(self, made: int | None, error: BaseException | None) -> None:
        # A refused write (another program holds the library) is tried again after the next
        # import; until then the index answers as it stands.
        if error is None and made and not self._gone[0]:
            self._settle.start()

    def _record_open(self) -> None:
        if self._article_id is not None:
            self._history.make(RecordOpened(self._article_id), background=True, step=False,
                               failed=lambda _error: None)  # a statistic, not worth a word
