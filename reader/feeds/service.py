"""Subscriptions as the library's clients see them: ``library.feeds``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from reader.errors import InvalidValue, LibraryUnavailable
from reader.feeds import catalog
from reader.feeds.records import Feed, FeedChanges, FeedRefresh, RefreshProgressCallback
from reader.records import CancelCheck, ChangeListener, Changes
from reader.store.interface import READ_ONLY, Store

if TYPE_CHECKING:  # the fetcher (httpx) and the parsers load when a feed is first fetched
    from reader.feeds.storing import Record
    from reader.net.fetcher import Fetcher
    from reader.net.results import FetchResult


class OpmlImport(Struct):
    """What importing an OPML file did: feeds subscribed to, and those already followed."""

    added: list[Feed] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


class LibraryFeeds:
    """The library's subscriptions. Fetching methods take a ``fetcher`` (tests, a proxy)."""

    def __init__(self, store: Store, emit: ChangeListener, record: Record) -> None:
        self._store = store
        self._emit = emit
        self._record = record  # logs each write's changes in its transaction

    # --- reading ----------------------------------------------------------------------------

    def all(self) -> list[Feed]:
        """Every subscription, by title, with its article and unread counts."""
        with self._store.read() as conn:
            return catalog.listing(conn)

    def get(self, ref: str | int) -> Feed:
        """The feed ``ref`` names (its id, or its address); NotFound otherwise."""
        with self._store.read() as conn:
            feed_id = catalog.resolve(conn, str(ref))
            return catalog.listing(conn, [feed_id])[0]

    def resolve(self, refs: Sequence[str | int]) -> list[int]:
        with self._store.read() as conn:
            return list(dict.fromkeys(catalog.resolve(conn, str(ref)) for ref in refs))

    # --- subscribing ------------------------------------------------------------------------

    def subscribe(self, url: str, *, tags: Sequence[str] = (), full_text: bool = False,
                  fetcher: Fetcher | None = None,
                  cancel: CancelCheck | None = None) -> tuple[Feed, FeedRefresh]:
        """Subscribe to the feed at ``url``, or to the feed a web page there names as its
        own, and store its entries. InvalidValue with the reason when there is no feed."""
        from reader.feeds.entry import NotAFeed
        from reader.feeds.parsing import parse_feed
        from reader.feeds.refresh import Refresher, feed_fetcher
        from reader.net.reasons import address_problem

        self._writable()
        problem = address_problem(url)
        if problem is not None:
            raise InvalidValue(problem)
        cleaned = catalog.clean_tags(tags)
        with self._store.read() as conn:
            existing = catalog.id_of_url(conn, url.strip())
        if existing is not None:
            raise InvalidValue(f"already subscribed to {url.strip()} (feed {existing})")
        fetcher = fetcher or feed_fetcher()
        address, result = self._find_feed(url.strip(), fetcher, cancel)
        try:
            document = parse_feed(result.body, result.content_type, result.charset,
                                  result.final_url)
        except NotAFeed as exc:
            raise InvalidValue(str(exc)) from exc
        address = result.moved_to or address
        title = document.title or address
        with self._store.write() as conn:
            feed_id = catalog.add(conn, address, title, document.site_url, cleaned, full_text)
            self._record(conn, Changes(feeds=True))
        self._emit(Changes(feeds=True))
        report = Refresher(self._store, self._emit, self._record, fetcher).store_document(
            feed_id, address, title, cleaned, full_text, result)
        if report is None:
            report = FeedRefresh(feed_id, address, title)
        return self.get(feed_id), report

    def _find_feed(self, url: str, fetcher: Fetcher,
                   cancel: CancelCheck | None) -> tuple[str, FetchResult]:
        """The feed's address and its first answer: ``url`` itself, or the first feed the
        page at ``url`` names."""
        from reader.feeds.discovery import feed_links
        from reader.feeds.parsing import ACCEPT_FEED, looks_like_html

        result = _fetched(fetcher.fetch(url, accept=ACCEPT_FEED, cancel=cancel))
        if not looks_like_html(result.body, result.content_type):
            return url, result
        links = feed_links(result.body, result.final_url, result.charset)
        if not links:
            raise InvalidValue(f"not a feed: {url} is a web page that names no feed "
                               '(no <link rel="alternate"> to RSS, Atom or JSON Feed)')
        return links[0], _fetched(fetcher.fetch(links[0], accept=ACCEPT_FEED, cancel=cancel))

    def remove(self, ref: str | int) -> Feed:
        """Unsubscribe; the articles it brought stay. Returns the feed as it was."""
        self._writable()
        feed = self.get(ref)
        with self._store.write() as conn:
            catalog.remove(conn, feed.id)
            self._record(conn, Changes(feeds=True))
        self._emit(Changes(feeds=True))
        return feed

    def update(self, feed_id: int, changes: FeedChanges) -> Feed:
        """Change a feed's title, tags (for articles to come), full-text option or pause."""
        self._writable()
        with self._store.write() as conn:
            catalog.update_feed(conn, feed_id, changes)
            self._record(conn, Changes(feeds=True))
        self._emit(Changes(feeds=True))
        return self.get(feed_id)

    # --- refreshing -------------------------------------------------------------------------

    def refresh(self, ids: Sequence[int] | None = None, *,
                progress: RefreshProgressCallback | None = None,
                cancel: CancelCheck | None = None,
                fetcher: Fetcher | None = None) -> list[FeedRefresh]:
        """Fetch the feeds of ``ids`` (every feed neither paused nor gone when None) and
        store their new entries, feed by feed; listeners hear of each as it lands."""
        from reader.feeds.refresh import Refresher

        self._writable()
        return Refresher(self._store, self._emit, self._record, fetcher).run(ids, progress,
                                                                             cancel)

    # --- OPML -------------------------------------------------------------------------------

    def import_opml(self, path: Path) -> OpmlImport:
        """Subscribe to every feed an OPML file lists (its folders become tags), in one
        transaction; nothing is fetched until the next refresh."""
        from reader.feeds.opml import read_opml

        self._writable()
        outlines = read_opml(path)
        report = OpmlImport()
        added: list[int] = []
        with self._store.write() as conn:
            for outline in outlines:
                if catalog.id_of_url(conn, outline.url) is not None:
                    report.existing.append(outline.url)
                    continue
                tags = _usable_tags(outline.tags)
                added.append(catalog.add(conn, outline.url, outline.title or outline.url,
                                         outline.site_url, tags))
            self._record(conn, Changes(feeds=bool(added)))
        if added:
            self._emit(Changes(feeds=True))
            with self._store.read() as conn:
                report.added = catalog.listing(conn, added)
        return report

    def export_opml(self, path: Path) -> int:
        """Write every subscription to ``path`` as OPML; returns how many."""
        from reader.feeds.opml import write_opml

        feeds = self.all()
        write_opml(feeds, path)
        return len(feeds)

    def _writable(self) -> None:
        if self._store.read_only:
            raise LibraryUnavailable(READ_ONLY)


def _fetched(result: FetchResult) -> FetchResult:
    from reader.net.results import Outcome

    if result.outcome is Outcome.GONE:
        raise InvalidValue("the feed is gone (the server answered 410 Gone)")
    if result.outcome is not Outcome.FETCHED:
        raise InvalidValue(result.reason or "the address could not be fetched")
    return result


def _usable_tags(names: Sequence[str]) -> tuple[str, ...]:
    """The names that can be tags; a folder called "" or "///" is no tag, not an error."""
    kept: list[str] = []
    for name in names:
        try:
            kept.extend(catalog.clean_tags([name]))
        except InvalidValue:
            continue
    return tuple(dict.fromkeys(kept))
