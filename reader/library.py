"""The front door: every client (the GUI, the command line) goes through ``Library``."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection

from reader import change_feed, edits
from reader.catalog import article_text, articles, reading, tag_snapshots, trash
from reader.catalog import tags as tag_ops
from reader.edits.base import UNSET as UNSET
from reader.edits.base import Done, Edit, _Unset
from reader.errors import LibraryUnavailable
from reader.importing.parsing import DEFAULT_MAX_BYTES, ParsedArticle
from reader.library_annotations import AnnotationsAndSearches
from reader.library_backups import LibraryBackups
from reader.library_reading import LibraryReading
from reader.library_related import LibraryRelated
from reader.library_transfer import LibraryTransfer
from reader.paths import library_folder, resolve_library_location
from reader.records import (
    Article,
    ArticleQuery,
    ArticleSummary,
    CancelCheck,
    ChangeListener,
    Changes,
    Counts,
    ImportReport,
    ProgressCallback,
    SortKey,
    Tag,
    TagRef,
    TagSnapshot,
    UpgradeListener,
)
from reader.search import sql as search
from reader.store.interface import READ_ONLY
from reader.store.location import LibraryLocation
from reader.store.opening import open_store

# The importer, the exports and the feeds load on first use: opening the app needs none.
if TYPE_CHECKING:
    from reader.feeds.service import LibraryFeeds

T = TypeVar("T")


class Library(AnnotationsAndSearches):
    """A Broadsheet library. Thread-safe: each call uses its own connection.

    Exports and restores are ``library.transfer``; backups are ``library.backups``;
    subscriptions are ``library.feeds``; related articles and tag suggestions are
    ``library.related``; reading statistics are ``library.reading``.
    """

    def __init__(self, location: LibraryLocation, *, read_only: bool | None = None,
                 on_upgrade: UpgradeListener | None = None) -> None:
        self._store = open_store(location, read_only=read_only,
                                 local_folder=library_folder(location), on_upgrade=on_upgrade)
        self._listeners: list[ChangeListener] = []
        self._lock = threading.Lock()
        # Names this object's writes in the change log, so following others skips them.
        self._origin = uuid.uuid4().hex
        self._follower: change_feed.Follower | None = None
        self.transfer = LibraryTransfer(self._store, self.article_ids, self._announce)
        self.backups = LibraryBackups(self._store, self._announce)
        self.related = LibraryRelated(self._store)
        self.reading = LibraryReading(self._store)
        self.subscribe(self.related.library_changed)

    @property
    def location(self) -> LibraryLocation:
        """The library file, or the server database (``ServerLocation``)."""
        return self._store.location

    @cached_property
    def feeds(self) -> LibraryFeeds:
        from reader.feeds.service import LibraryFeeds

        return LibraryFeeds(self._store, self._emit, self._record)

    @property
    def path(self) -> Path:
        """The library file; for a server library, the folder this machine keeps for it."""
        return self._store.path

    @property
    def name(self) -> str:
        """What the user calls the library: its file name, or ``database on host``."""
        return self._store.name

    @property
    def read_only(self) -> bool:
        """Whether every write is refused (LibraryUnavailable): the file cannot be written."""
        return self._store.read_only

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | LibraryLocation | None = None,
        *,
        read_only: bool | None = None,
        on_upgrade: UpgradeListener | None = None,
    ) -> Library:
        """Open (creating or upgrading) the library at ``path``, ``$BROADSHEET_LIBRARY`` or
        the default location. A library this process cannot write to opens read-only: every
        read works and every write is refused with LibraryUnavailable. ``read_only`` forces
        the choice.

        A library made by an older version is upgraded, which can take a while: before that
        starts, ``on_upgrade`` is called on this thread with a ``reader.LibraryUpgrade``
        saying from which revision and where the backup goes, so a client can tell the user.
        It is not called when nothing is upgraded (a new library is not an upgrade). An
        exception it raises stops the open before anything is changed."""
        return cls(resolve_library_location(path), read_only=read_only, on_upgrade=on_upgrade)

    def close(self) -> None:
        if self._follower is not None:
            self._follower.stop()
        self._store.close()

    def follow(self) -> None:
        """Hand what other programs change in the library to the listeners too, within a
        second or two (a window showing it; the command line never asks)."""
        if self._follower is None:
            self._follower = change_feed.Follower(self._store, self._origin, self._emit)

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- change notification -------------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call ``listener`` after every write with what it changed; returns an unsubscribe.

        Listeners run on the thread that made the write.
        """
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, changes: Changes) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(changes)

    def _announce(self, changes: Changes) -> None:
        """After a write that replaced the library (a restore): log it, then emit."""
        if not self._store.read_only:
            with self._store.write() as conn:
                change_feed.record(conn, self._origin, changes)
        self._emit(changes)

    def _record(self, conn: Connection, changes: Changes) -> None:
        change_feed.record(conn, self._origin, changes)

    # --- import ---------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        tags: Sequence[str] = (),
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> ImportReport:
        """Import files and folders; one result per file, good files land whatever fails.

        ``progress`` is called after each file; ``cancel`` is polled before each file, and a
        cancelled run keeps every article written so far. Listeners hear of each batch as it
        is committed. A read-only library refuses before any file is read.
        """
        if self.read_only:
            raise LibraryUnavailable(READ_ONLY)

        def batch(ids: list[int]) -> Changes:
            return Changes(added=frozenset(ids), counts=True, tag_set=importer.batch_tagged,
                           articles=frozenset(importer.batch_filled))

        from reader.importing.importer import Importer

        # Logged in each batch's transaction; announced once committed: the list grows while
        # an import goes on.
        importer = Importer(self._store, tags, max_bytes,
                            on_batch=lambda ids: self._emit(batch(ids)),
                            record=lambda conn, ids: self._record(conn, batch(ids)))
        return importer.run(paths, progress, cancel)

    def fill_text(self, article_id: int, parsed: ParsedArticle) -> None:
        """Give an article whose text is not fetched (``is:unfetched``) its page's text, as
        ``reader.importing.formats`` reads it: its tags, note and state stay. Raises
        InvalidValue when another article holds that text already."""
        changes = Changes(articles=frozenset({article_id}))
        with self._store.write() as conn:
            article_text.fill_text(conn, article_id, parsed)
            self._record(conn, changes)
        self._emit(changes)

    # --- reading ----------------------------------------------------------------------------

    def counts(self) -> Counts:
        with self._store.read() as conn:
            return Counts(*articles.counts(conn))

    def article_ids(self, query: ArticleQuery | None = None, limit: int | None = None) -> list[int]:
        """Every id matching ``query``, in its order: the list holds these and pages rows.

        With ``limit``, only the first ``limit`` ids: a search's first page comes back much
        sooner than the whole ranked list, which can be fetched afterwards.
        Raises QuerySyntaxError (an InvalidValue) for a search that cannot be read.
        """
        with self._store.read() as conn:
            return articles.ids(conn, query or ArticleQuery(), limit)

    def count(self, query: ArticleQuery | None = None) -> int:
        with self._store.read() as conn:
            return articles.count(conn, query or ArticleQuery())

    def search(self, text: str, limit: int | None = None) -> list[ArticleSummary]:
        """Articles matching the query ``text``, best match first (newest first when it has
        no words). Raises QuerySyntaxError (an InvalidValue) with a short reason."""
        return self.list_articles(ArticleQuery(search=text, sort=SortKey.RELEVANCE), limit=limit)

    @staticmethod
    def check_query(text: str) -> str | None:
        """Why ``text`` is not a valid query ("unclosed quote"...), or None when it is."""
        return search.check(text)

    def summaries(self, ids: Sequence[int]) -> list[ArticleSummary]:
        """List rows for ``ids``, in the order given; ids that no longer exist are skipped."""
        with self._store.read() as conn:
            return articles.summaries(conn, list(ids))

    def list_articles(
        self, query: ArticleQuery | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[ArticleSummary]:
        with self._store.read() as conn:
            return articles.page(conn, query or ArticleQuery(), limit, offset)

    def article(self, article_id: int) -> Article:
        with self._store.read() as conn:
            return reading.full_article(conn, article_id)

    # --- editing ---------------------------------------------------------------------------

    def apply(self, edit: Edit[T]) -> Done[T]:
        """Make ``edit`` in one write transaction, which also captures how to reverse it.

        Listeners hear what it changed. Applying ``done.reverse`` takes it back (and returns
        the edit that makes it again). Raises NotFound when articles, tags or highlights it
        names are gone, LibraryUnavailable when the library refuses the write.
        """
        with self._store.write() as conn:
            done = edit.run(conn)
            self._record(conn, done.changes)
        self._emit(done.changes)
        return done

    # The methods below are the edits by name, for callers that do not keep the reverse.

    def update_article(
        self,
        article_id: int,
        *,
        title: str | None = None,
        published: date | _Unset | None = UNSET,
        source: str | _Unset | None = UNSET,
    ) -> None:
        self.apply(edits.EditDetails(article_id, title, published, source))

    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        self.apply(edits.SetFlag(tuple(ids), "read", read))

    def set_starred(self, ids: Iterable[int], starred: bool = True) -> None:
        self.apply(edits.SetFlag(tuple(ids), "starred", starred))

    def delete_articles(self, ids: Iterable[int]) -> int:
        """Move articles to the trash; returns how many were moved."""
        return self.apply(edits.Trash(tuple(ids))).value

    def restore_articles(self, ids: Iterable[int]) -> int:
        """Take articles out of the trash; returns how many came back."""
        return self.apply(edits.Untrash(tuple(ids))).value

    def empty_trash(self, ids: Iterable[int] | None = None) -> int:
        """Delete trashed articles for good (all, or those of ``ids``); returns how many.
        This cannot be undone."""
        with self._store.write() as conn:
            gone = trash.purge(conn, None if ids is None else list(ids))
            changes = Changes(removed=frozenset(gone), counts=bool(gone))
            self._record(conn, changes)
        self._emit(changes)
        return len(gone)

    def month_counts(self, query: ArticleQuery | None = None) -> list[tuple[str, int]]:
        """Dated articles per month ("YYYY-MM", count) among those ``query`` lists."""
        with self._store.read() as conn:
            return articles.month_counts(conn, query or ArticleQuery())

    # --- tags -------------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """Every tag with its article count, ordered by name."""
        with self._store.read() as conn:
            return tag_ops.all_tags(conn)

    def add_tags(self, ids: Iterable[int], names: Sequence[str]) -> None:
        self.apply(edits.AddTags(tuple(ids), tuple(names)))

    def remove_tags(self, ids: Iterable[int], names: Sequence[str]) -> None:
        self.apply(edits.RemoveTags(tuple(ids), tuple(names)))

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag (and its ``old/…`` descendants); an existing name merges into it."""
        self.apply(edits.RenameTag(old, new))

    def merge_tags(self, source: str, target: str) -> None:
        """Move every article of ``source`` to ``target`` and remove ``source``."""
        self.apply(edits.MergeTag(source, target))

    def delete_tag(self, name: str) -> int:
        """Delete a tag; returns how many articles carried it."""
        return self.apply(edits.DeleteTag(name)).value

    def tag_snapshot(self, names: Iterable[str], *, subtrees: bool = True) -> TagSnapshot:
        """The tags called ``names`` as they are now, for :meth:`restore_tag_snapshot`:
        names as written, colours, and every article carrying them, the Trash included.

        With ``subtrees`` the tags below each name (``asia/…``) are taken too, as a rename
        moves them. A name no tag has yet is covered all the same.
        """
        with self._store.read() as conn:
            return tag_snapshots.capture(conn, names, subtrees=subtrees)

    def restore_tag_snapshot(self, snapshot: TagSnapshot) -> None:
        """Put the tags ``snapshot`` covers back as it captured them, in one transaction:
        tags made again where gone, names and colours set, each linked to exactly the articles
        it had (less any emptied from the Trash since), and tags made under the covered names
        since removed. Undoes a rename, merge or delete taken after the snapshot."""
        self.apply(edits.RestoreTags(snapshot))

    def tag_subtree_counts(self) -> dict[str, int]:
        """For every tag path with children (``asia`` of ``asia/korea``), how many articles
        carry it or any tag below it, each counted once. Keys are casefolded paths."""
        with self._store.read() as conn:
            return tag_ops.subtree_counts(conn)

    def tag_usage(self, name: str) -> int:
        """How many articles carry the tag ``name``."""
        with self._store.read() as conn:
            return tag_ops.article_count(conn, tag_ops.require_id(conn, name))

    def set_tag_color(self, name: str, color: str | None) -> None:
        self.apply(edits.SetTagColor(name, color))

    def article_tags(self, article_id: int) -> list[TagRef]:
        with self._store.read() as conn:
            articles.row(conn, article_id)
            return articles.tags_of(conn, article_id)
