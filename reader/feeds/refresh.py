"""Refreshing feeds: fetch a few at a time, read each as it arrives, store its new entries.

Each feed's fetch is conditional on what its last answer said (ETag, Last-Modified), so an
unchanged feed costs a 304. A permanent redirect moves the stored address; 410 Gone marks
the feed gone, and refreshing everything leaves it alone from then on. A feed that hangs,
fails, sends something that is not a feed or too much of it fails alone, with its reason
stored and reported; the others refresh. Each feed is stored in a transaction of its own
as soon as it is read, so cancelling (or killing) a refresh keeps every feed stored so far.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from msgspec import Struct
from sqlalchemy import Row, select

from reader.catalog.articles import now
from reader.feeds import catalog
from reader.feeds.entry import NotAFeed
from reader.feeds.parsing import ACCEPT_FEED, parse_feed
from reader.feeds.records import FeedRefresh, RefreshProgress, RefreshProgressCallback
from reader.feeds.storing import (
    Check,
    Record,
    Stored,
    Unsubscribed,
    candidates,
    record_check,
    store_entries,
    with_full_text,
)
from reader.feeds.storing import unseen as unseen_entries
from reader.net.fetcher import CancelCheck, Fetcher, FetchLimits
from reader.net.results import FetchRequest, FetchResult, Outcome, Validators
from reader.records import Changes
from reader.store.interface import Store
from reader.store.schema import feeds

# Feeds fetched at once: a few, so one slow server holds up nobody and no server gets many.
CONCURRENCY = 4
# A large feed is 5-10 MB; past this it is not one worth reading.
FEED_MAX_BYTES = 20 * 1024 * 1024
# The longest a server's Retry-After keeps a feed from being refreshed with the others.
MAX_WAIT = timedelta(days=1)
GONE = "the feed is gone (the server answered 410 Gone): it is no longer refreshed"

Emit = Callable[[Changes], None]


def feed_fetcher() -> Fetcher:
    return Fetcher(FetchLimits(max_bytes=FEED_MAX_BYTES))


class _Due(Struct, frozen=True):
    id: int
    url: str
    title: str
    full_text: bool
    tags: tuple[str, ...]
    request: FetchRequest


def due_feeds(store: Store, ids: Sequence[int] | None) -> list[_Due]:
    """The feeds to refresh: those of ``ids`` whatever their state, else every feed that is
    neither paused nor gone, nor waiting out the time its server asked for."""
    with store.read() as conn:
        query = select(feeds).order_by(feeds.c.id)
        if ids is None:
            query = query.where(feeds.c.paused.is_(False), feeds.c.gone_at.is_(None),
                                feeds.c.retry_at.is_(None) | (feeds.c.retry_at <= now()))
        else:
            query = query.where(feeds.c.id.in_(list(ids)))
        rows: list[Row[Any]] = list(conn.execute(query))
        return [_Due(row.id, row.url, row.title, bool(row.full_text),
                     catalog.tags_of(conn, row.id),
                     FetchRequest(row.url, catalog.validators(row), ACCEPT_FEED))
                for row in rows]


class Refresher:
    """One refresh run over some feeds; ``emit`` hears of each feed as it is stored."""

    def __init__(self, store: Store, emit: Emit, record: Record, fetcher: Fetcher | None = None,
                 page_fetcher: Fetcher | None = None) -> None:
        self._store = store
        self._emit = emit
        self._record = record
        self._fetcher = fetcher or feed_fetcher()
        self._page_fetcher = page_fetcher
        self._cancel: CancelCheck | None = None

    def run(self, ids: Sequence[int] | None = None,
            progress: RefreshProgressCallback | None = None,
            cancel: CancelCheck | None = None) -> list[FeedRefresh]:
        """Refresh and report each feed, in the order of their ids. A cancelled run reports
        the feeds it finished."""
        self._cancel = cancel
        due = due_feeds(self._store, ids)
        by_url = {feed.url: feed for feed in due}
        reports: dict[int, FeedRefresh] = {}
        new_total = 0
        answers = self._fetcher.fetch_many([feed.request for feed in due],
                                           concurrency=CONCURRENCY, cancel=cancel)
        try:
            for request, result in answers:
                feed = by_url[request.url]
                try:
                    report = self._one(feed, result)
                except Unsubscribed:
                    continue  # no longer a subscription: nothing to store or report
                if report is None:  # cancelled mid-way
                    break
                reports[feed.id] = report
                new_total += report.new
                if progress is not None:
                    progress(RefreshProgress(len(reports), len(due), report.title, new_total))
                if cancel is not None and cancel():
                    break
        finally:
            answers.close()
        return [reports[feed.id] for feed in due if feed.id in reports]

    def _one(self, feed: _Due, result: FetchResult) -> FeedRefresh | None:
        if result.outcome is Outcome.CANCELLED:
            return None
        url = result.moved_to or feed.url
        if result.outcome is Outcome.NOT_MODIFIED:
            # A 304 often repeats only the ETag: the Last-Modified sent still holds.
            sent, got = feed.request.validators, result.validators
            kept = Validators(got.etag or sent.etag, got.last_modified or sent.last_modified)
            self._check(feed.id, Check(validators=kept, moved_to=result.moved_to))
            return FeedRefresh(feed.id, url, feed.title, not_modified=True)
        if result.outcome is Outcome.GONE:
            return self._failed(feed, GONE, Check(error=GONE, gone=True))
        if result.outcome is not Outcome.FETCHED:
            reason = result.reason or "the feed could not be fetched"
            retry_at = _retry_at(result)
            if retry_at is not None:
                reason += f"; it asked for no visit before {retry_at:%Y-%m-%d %H:%M}"
            return self._failed(feed, reason, Check(error=reason, retry_at=retry_at))
        return self.store_document(feed.id, feed.url, feed.title, feed.tags, feed.full_text,
                                   result)

    def store_document(self, feed_id: int, url: str, title: str, tags: Sequence[str],
                       full_text: bool, result: FetchResult) -> FeedRefresh | None:
        """Read a fetched feed document and store its new entries (None once cancelled)."""
        moved = result.moved_to
        try:
            document = parse_feed(result.body, result.content_type, result.charset,
                                  result.final_url)
        except NotAFeed as exc:
            return self._failed(_Named(feed_id, url, title), str(exc),
                                Check(error=str(exc), moved_to=moved))
        source = title if title != url else (document.title or title)
        found = unseen_entries(self._store, feed_id, candidates(document, source))
        if full_text and found:
            if self._page_fetcher is None:
                from reader.importing.link import page_fetcher as make_page_fetcher

                self._page_fetcher = make_page_fetcher()
            found = with_full_text(found, self._page_fetcher, self._cancel)
            if self._cancel is not None and self._cancel():
                return None
        check = Check(validators=result.validators, title=document.title,
                      site_url=document.site_url, moved_to=moved)
        stored = store_entries(self._store, self._record, feed_id, moved or url, found, tags,
                               check)
        self._announce(stored)
        shown = title if title != url else (document.title or title)
        return FeedRefresh(feed_id, moved or url, shown, new=len(stored.new),
                           duplicates=stored.duplicates)

    def _failed(self, feed: _Due | _Named, reason: str, check: Check) -> FeedRefresh:
        self._check(feed.id, check)
        return FeedRefresh(feed.id, check.moved_to or feed.url, feed.title, error=reason)

    def _check(self, feed_id: int, check: Check) -> None:
        record_check(self._store, self._record, feed_id, check)
        self._emit(Changes(feeds=True))

    def _announce(self, stored: Stored) -> None:
        # Announced as committed, feed by feed: the list grows while the refresh goes on.
        self._emit(stored.changes)


def _retry_at(result: FetchResult) -> datetime | None:
    """When the server said to come back (Retry-After), at most ``MAX_WAIT`` from now: a
    server that asks for a year is asked again tomorrow."""
    if result.retry_after is None:
        return None
    wait = min(result.retry_after, MAX_WAIT.total_seconds())  # the fetcher's never below 0
    return now() + timedelta(seconds=round(wait))


class _Named(Struct, frozen=True):
    id: int
    url: str
    title: str
