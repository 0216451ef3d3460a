"""The front door: every client (the GUI, the command line) goes through ``Library``."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final

from reader.catalog import annotations as annotation_ops
from reader.catalog import articles, tag_snapshots, trash
from reader.catalog import saved_searches as search_store
from reader.catalog import tags as tag_ops
from reader.errors import InvalidValue, LibraryUnavailable, NotFound
from reader.importing.parsing import DEFAULT_MAX_BYTES, split_blocks
from reader.library_backups import LibraryBackups
from reader.library_transfer import LibraryTransfer
from reader.paths import resolve_library_path
from reader.records import (
    Article,
    ArticleQuery,
    ArticleSummary,
    CancelCheck,
    ChangeListener,
    Changes,
    Counts,
    Highlight,
    ImportReport,
    Note,
    ProgressCallback,
    SavedSearch,
    SortKey,
    Tag,
    TagRef,
    TagSnapshot,
)
from reader.search import sql as search
from reader.store.database import READ_ONLY
from reader.store.sqlite import SqliteStore

if TYPE_CHECKING:
    from sqlalchemy import Connection


# The importer loads on first use (the export machinery too, in LibraryFiles): opening the
# app does not need it.


class _Unset:
    """Marks an argument the caller left out, where None is a meaningful value."""


UNSET: Final = _Unset()
MAX_TITLE = 1000


class Library:
    """A Broadsheet library. Thread-safe: each call uses its own connection.

    Exports and restores are ``library.transfer``; backups are ``library.backups``.
    """

    def __init__(self, path: Path, *, read_only: bool | None = None) -> None:
        self._store = SqliteStore(path, read_only=read_only)
        self._listeners: list[ChangeListener] = []
        self._lock = threading.Lock()
        self.transfer = LibraryTransfer(self._store, self.article_ids, self._emit)
        self.backups = LibraryBackups(self._store, self._emit)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def read_only(self) -> bool:
        """Whether every write is refused (LibraryUnavailable): the file cannot be written."""
        return self._store.read_only

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, read_only: bool | None = None
    ) -> Library:
        """Open (creating or upgrading) the library at ``path``, ``$BROADSHEET_LIBRARY`` or
        the default location. A library this process cannot write to opens read-only: every
        read works and every write is refused with LibraryUnavailable. ``read_only`` forces
        the choice."""
        return cls(resolve_library_path(path), read_only=read_only)

    def close(self) -> None:
        self._store.close()

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

        def landed(ids: list[int]) -> None:
            self._emit(Changes(articles=frozenset(ids), added=True, tags=bool(tags)))

        from reader.importing.importer import Importer

        return Importer(self._store, tags, max_bytes, on_batch=landed).run(
            paths, progress, cancel
        )

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
            found = articles.row(conn, article_id)
            refs = articles.tags_of(conn, article_id)
            note = annotation_ops.stored_note(conn, article_id)
            marks = annotation_ops.list_highlights(conn, article_id)
        return Article(
            id=found.id,
            title=found.title,
            published=found.published,
            source=found.source,
            path=found.path,
            imported_at=found.imported_at,
            read=bool(found.read),
            starred=bool(found.starred),
            body=found.body,
            blocks=split_blocks(found.body),
            tags=tuple(refs),
            note=note,
            highlights=tuple(marks),
            in_trash=found.deleted_at is not None,
        )

    # --- editing articles ----------------------------------------------------------------

    def update_article(
        self,
        article_id: int,
        *,
        title: str | None = None,
        published: date | _Unset | None = UNSET,
        source: str | _Unset | None = UNSET,
    ) -> None:
        values: dict[str, str | date | None] = {}
        if title is not None:
            cleaned = " ".join(title.split())
            if not cleaned:
                raise InvalidValue("the title cannot be empty")
            if len(cleaned) > MAX_TITLE:
                raise InvalidValue(f"the title is longer than {MAX_TITLE} characters")
            values["title"] = cleaned
        if not isinstance(published, _Unset):
            values["published"] = published
        if not isinstance(source, _Unset):
            values["source"] = (source or "").strip() or None
        with self._store.write() as conn:
            articles.edit(conn, article_id, values)
        if not values:
            return
        self._emit(Changes(articles=frozenset({article_id})))

    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        self._set_flag(ids, "read", read)

    def set_starred(self, ids: Iterable[int], starred: bool = True) -> None:
        self._set_flag(ids, "starred", starred)

    def _set_flag(self, ids: Iterable[int], column: str, value: bool) -> None:
        wanted = list(ids)
        with self._store.write() as conn:
            present = self._require(conn, wanted)
            articles.set_column(conn, present, column, value)
        self._emit(Changes(articles=frozenset(present)))

    @staticmethod
    def _require(conn: Connection, ids: list[int]) -> list[int]:
        present = articles.existing_ids(conn, ids)
        missing = sorted(set(ids) - set(present))
        if missing:
            raise NotFound(f"no article with id {', '.join(map(str, missing[:10]))}")
        return present

    def delete_articles(self, ids: Iterable[int]) -> int:
        """Move articles to the trash; returns how many were moved."""
        wanted = list(ids)
        with self._store.write() as conn:
            moved = trash.move_in(conn, self._require(conn, wanted))
        self._emit(Changes(articles=frozenset(moved), removed=True, added=True, tags=True))
        return len(moved)

    def restore_articles(self, ids: Iterable[int]) -> int:
        """Take articles out of the trash; returns how many came back."""
        wanted = list(ids)
        with self._store.write() as conn:
            back = trash.take_out(conn, self._require(conn, wanted))
        self._emit(Changes(articles=frozenset(back), removed=True, added=True, tags=True))
        return len(back)

    def empty_trash(self, ids: Iterable[int] | None = None) -> int:
        """Delete trashed articles for good (all, or those of ``ids``); returns how many."""
        with self._store.write() as conn:
            gone = trash.purge(conn, None if ids is None else list(ids))
        self._emit(Changes(articles=frozenset(gone), removed=True, tags=True))
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
        wanted = list(ids)
        with self._store.write() as conn:
            present = self._require(conn, wanted)
            tag_ops.link(conn, present, tag_ops.ensure_ids(conn, names))
        self._emit(Changes(articles=frozenset(present), tags=True))

    def remove_tags(self, ids: Iterable[int], names: Sequence[str]) -> None:
        wanted = list(ids)
        with self._store.write() as conn:
            present = self._require(conn, wanted)
            tag_ids = [t for t in (tag_ops.find_id(conn, n) for n in names) if t is not None]
            tag_ops.unlink(conn, present, tag_ids)
        self._emit(Changes(articles=frozenset(present), tags=True))

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag (and its ``old/…`` descendants); an existing name merges into it."""
        with self._store.write() as conn:
            # Every article carrying a renamed tag shows it under the new name.
            touched = tag_ops.linked_articles(conn, tag_ops.subtree_ids(conn, old))
            tag_ops.rename(conn, old, new)
        self._emit(Changes(articles=frozenset(touched), tags=True))

    def merge_tags(self, source: str, target: str) -> None:
        """Move every article of ``source`` to ``target`` and remove ``source``."""
        touched: set[int] = set()
        with self._store.write() as conn:
            source_id = tag_ops.require_id(conn, source)
            target_id = tag_ops.require_id(conn, target)
            if source_id != target_id:
                touched = tag_ops.linked_articles(conn, [source_id])
                tag_ops.merge_ids(conn, source_id, target_id)
        self._emit(Changes(articles=frozenset(touched), tags=True))

    def delete_tag(self, name: str) -> int:
        """Delete a tag; returns how many articles carried it."""
        with self._store.write() as conn:
            tag_id = tag_ops.require_id(conn, name)
            touched = tag_ops.linked_articles(conn, [tag_id])
            tag_ops.delete_id(conn, tag_id)
        self._emit(Changes(articles=frozenset(touched), tags=True))
        return len(touched)

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
        with self._store.write() as conn:
            touched = tag_snapshots.restore(conn, snapshot)
        self._emit(Changes(articles=frozenset(touched), tags=True))

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
        value = tag_ops.normalize_color(color)
        with self._store.write() as conn:
            tag_id = tag_ops.require_id(conn, name)
            touched = tag_ops.linked_articles(conn, [tag_id])  # their chips take the colour
            tag_ops.set_color(conn, tag_id, value)
        self._emit(Changes(articles=frozenset(touched), tags=True))

    def article_tags(self, article_id: int) -> list[TagRef]:
        with self._store.read() as conn:
            articles.row(conn, article_id)
            return articles.tags_of(conn, article_id)

    # --- notes ------------------------------------------------------------------------------

    def note(self, article_id: int) -> Note:
        with self._store.read() as conn:
            return annotation_ops.get_note(conn, article_id)

    def set_note(self, article_id: int, text: str) -> Note:
        with self._store.write() as conn:
            note = annotation_ops.set_note(conn, article_id, text)
        self._emit(Changes(articles=frozenset({article_id})))
        return note

    def append_note(self, article_id: int, text: str) -> Note:
        with self._store.write() as conn:
            current = annotation_ops.get_note(conn, article_id).text
            joined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
            note = annotation_ops.set_note(conn, article_id, joined)
        self._emit(Changes(articles=frozenset({article_id})))
        return note

    # --- highlights -------------------------------------------------------------------------

    def highlights(self, article_id: int) -> list[Highlight]:
        with self._store.read() as conn:
            articles.row(conn, article_id)
            return annotation_ops.list_highlights(conn, article_id)

    def add_highlight(
        self, article_id: int, start: int, end: int, color: str = "yellow", comment: str = ""
    ) -> Highlight:
        """Highlight ``body[start:end]``; the quoted text is stored beside the range."""
        with self._store.write() as conn:
            mark = annotation_ops.add_highlight(conn, article_id, start, end, color, comment)
        self._emit(Changes(articles=frozenset({article_id})))
        return mark

    def update_highlight(
        self, highlight_id: int, *, color: str | None = None, comment: str | None = None
    ) -> Highlight:
        with self._store.write() as conn:
            mark = annotation_ops.edit_highlight(conn, highlight_id, color, comment)
        self._emit(Changes(articles=frozenset({mark.article_id})))
        return mark

    def remove_highlight(self, highlight_id: int) -> None:
        with self._store.write() as conn:
            article_id = annotation_ops.remove_highlight(conn, highlight_id)
        self._emit(Changes(articles=frozenset({article_id})))

    # --- saved searches ---------------------------------------------------------------------

    def saved_searches(self) -> list[SavedSearch]:
        with self._store.read() as conn:
            return search_store.all_searches(conn)

    def save_search(self, name: str, query: str) -> SavedSearch:
        """Save ``query`` as a smart folder; saving under an existing name replaces its query."""
        with self._store.write() as conn:
            saved = search_store.save(conn, name, query)
        self._emit(Changes(searches=True))
        return saved

    def rename_saved_search(self, search_id: int, name: str) -> None:
        with self._store.write() as conn:
            search_store.rename(conn, search_id, name)
        self._emit(Changes(searches=True))

    def delete_saved_search(self, search_id: int) -> None:
        with self._store.write() as conn:
            search_store.remove(conn, search_id)
        self._emit(Changes(searches=True))
