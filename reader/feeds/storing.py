"""Keeping a feed's entries: which are new, their articles (with the whole page's text for a
feed that asks for it), and one transaction that stores them with the record of the entries
and what the fetch learnt of the feed.

The network is never used inside the transaction: pages for full text are fetched first, and
the write then checks again which entries are new, so two refreshes of one feed at once store
each entry once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from msgspec import Struct, field
from msgspec.structs import replace
from sqlalchemy import Connection

from reader.catalog import tags as tag_ops
from reader.catalog.articles import now
from reader.errors import NotFound
from reader.feeds import catalog
from reader.feeds.entries import entry_article, entry_key, entry_lines
from reader.feeds.entry import FeedEntry, ParsedFeed
from reader.importing.batch_writes import Parsed
from reader.importing.entry_writes import store_parsed
from reader.importing.parsing import ParsedArticle
from reader.net.fetcher import CancelCheck, Fetcher
from reader.net.results import FetchRequest, Validators
from reader.records import Changes
from reader.store.interface import Store

# Logs what a write changed in its own transaction (``Library._record``), so other programs
# showing the library follow.
Record = Callable[[Connection, Changes], None]

FULL_TEXT_CONCURRENCY = 4


class Unsubscribed(NotFound):
    """The feed was removed while it was being fetched: nothing of it is stored."""


class Candidate(Struct, frozen=True):
    """An entry of the document with its key and the article it makes (None when it has
    nothing to keep: no text, title or link)."""

    key: str
    entry: FeedEntry
    article: ParsedArticle | None


class Check(Struct, frozen=True):
    """What a fetch learnt of the feed, stored with its entries."""

    error: str | None = None
    validators: Validators | None = None
    gone: bool = False
    title: str | None = None
    site_url: str | None = None
    moved_to: str | None = None
    retry_at: datetime | None = None


class Stored(Struct):
    new: list[int] = field(default_factory=list)
    filled: list[int] = field(default_factory=list)
    duplicates: int = 0
    tagged: bool = False
    retagged: list[int] = field(default_factory=list)  # held already, given the feed's tags

    @property
    def changes(self) -> Changes:
        return Changes(added=frozenset(self.new),
                       articles=frozenset(self.filled) | frozenset(self.retagged),
                       counts=bool(self.new or self.filled), tag_set=self.tagged, feeds=True)


def candidates(document: ParsedFeed, source: str) -> list[Candidate]:
    """Each entry once (a feed that repeats a guid gives its first), in the feed's order."""
    found: dict[str, Candidate] = {}
    for entry in document.entries:
        lines = entry_lines(entry)
        key = entry_key(entry, lines)
        if key not in found:
            found[key] = Candidate(key, entry, entry_article(entry, source, lines))
    return list(found.values())


def unseen(store: Store, feed_id: int, found: Sequence[Candidate]) -> list[Candidate]:
    with store.read() as conn:
        known = catalog.known_keys(conn, feed_id, [c.key for c in found])
    return [c for c in found if c.key not in known]


def with_full_text(found: Sequence[Candidate], fetcher: Fetcher,
                   cancel: CancelCheck | None = None) -> list[Candidate]:
    """Each entry's article made from its linked page where that page can be read; an entry
    whose page cannot be fetched or holds no article keeps its own text."""
    from reader.errors import NotAnArticle
    from reader.importing.link import ACCEPT_PAGE, FetchedPage, article_from_page, not_a_page

    by_link = {c.entry.link: c for c in found if c.entry.link and c.article is not None}
    pages: dict[str, ParsedArticle] = {}
    requests = [FetchRequest(link, accept=ACCEPT_PAGE) for link in by_link]
    for request, result in fetcher.fetch_many(requests, concurrency=FULL_TEXT_CONCURRENCY,
                                              cancel=cancel):
        if not result.ok or not_a_page(result.content_type) or not result.body.strip():
            continue
        page = FetchedPage(result.body, result.final_url, result.content_type, result.charset)
        try:
            pages[request.url] = article_from_page(page)
        except NotAnArticle:
            continue
    kept = []
    for candidate in found:
        page_article = pages.get(candidate.entry.link or "")
        own = candidate.article
        if page_article is None or own is None:
            kept.append(candidate)
            continue
        # The page's text and what the page says of itself; the feed's words win for the
        # title, date, author and address, and the source stays the feed.
        article = replace(page_article, title=candidate.entry.title or page_article.title,
                          published=own.published or page_article.published,
                          author=own.author or page_article.author,
                          url=own.url or page_article.url, source=own.source)
        kept.append(replace(candidate, article=article))
    return kept


def store_entries(store: Store, record: Record, feed_id: int, feed_url: str,
                  found: Sequence[Candidate], tags: Sequence[str], check: Check) -> Stored:
    """Store the entries the feed has not carried before and ``check``, in one transaction."""
    stored = Stored()
    # The index's form of each text is made before the transaction: the writer waits for
    # nothing but the writes.
    prepare = store.sql.text_index.prepare
    prepared = {c.key: Parsed(feed_url, c.article, prepare(c.article.title),
                              prepare(c.article.body))
                for c in found if c.article is not None}
    with store.write() as conn:
        _require(conn, feed_id)
        known = catalog.known_keys(conn, feed_id, [c.key for c in found])
        fresh = [c for c in found if c.key not in known]
        keeping = [c for c in fresh if c.article is not None]
        items = [prepared[c.key] for c in keeping]
        results, stored.tagged = store_parsed(conn, items, tags, now(), _ignore)
        placed: list[tuple[str, int | None]] = [(c.key, None) for c in fresh
                                                if c.article is None]
        held: list[int] = []
        for candidate, result in zip(keeping, results, strict=True):
            placed.append((candidate.key, result.id))
            if result.how == "new":
                stored.new.append(result.id)
            elif result.how == "filled":
                stored.filled.append(result.id)
            else:
                stored.duplicates += 1
                held.append(result.id)
        if held and tags:
            _tag_held(conn, held, tags)
            stored.retagged, stored.tagged = held, True
        catalog.record_entries(conn, feed_id, placed)
        _check(conn, feed_id, check)
        record(conn, stored.changes)
    return stored


def _tag_held(conn: Connection, held: Sequence[int], tags: Sequence[str]) -> None:
    """A story the library held already (from another feed, a file, a link) is now in this
    feed too: it gets the feed's tags, as every article the feed brings does."""
    tag_ops.link(conn, sorted(set(held)), tag_ops.ensure_ids(conn, tags))


def record_check(store: Store, record: Record, feed_id: int, check: Check) -> None:
    with store.write() as conn:
        _require(conn, feed_id)
        _check(conn, feed_id, check)
        record(conn, Changes(feeds=True))


def _require(conn: Connection, feed_id: int) -> None:
    """Unsubscribed when the feed went (unsubscribed by another window or command) while
    it was fetched: the caller's transaction then writes nothing."""
    try:
        catalog.require(conn, feed_id)
    except NotFound as exc:
        raise Unsubscribed(f"feed {feed_id} was unsubscribed during the refresh") from exc


def _check(conn: Connection, feed_id: int, check: Check) -> None:
    catalog.record_check(conn, feed_id, error=check.error, validators=check.validators,
                         gone=check.gone, title=check.title, site_url=check.site_url,
                         moved_to=check.moved_to, retry_at=check.retry_at)


def _ignore(_path: str, _message: str) -> None:
    """Tag warnings: a feed's tags were checked when they were set."""
