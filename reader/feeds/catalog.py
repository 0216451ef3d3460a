"""Subscriptions and the entries each feed has carried, in Core SQL on a Connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, case, delete, func, insert, select, update

from reader.catalog.articles import now, storable

# Named here too: the feed service cleans a feed's tags as catalog.clean_tags.
from reader.catalog.tag_names import clean_tags as clean_tags
from reader.errors import InvalidValue, NotFound
from reader.feeds.records import Feed, FeedChanges
from reader.net.results import Validators
from reader.store.chunks import chunks
from reader.store.schema import articles, feed_entries, feed_tags, feeds

MAX_TITLE = 300


def clean_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise InvalidValue("a feed needs a title")
    return text[:MAX_TITLE]


def add(conn: Connection, url: str, title: str, site_url: str | None,
        tags: Sequence[str], full_text: bool = False) -> int:
    """Subscribe to ``url``; InvalidValue when it is subscribed already."""
    existing = id_of_url(conn, url)
    if existing is not None:
        raise InvalidValue(f"already subscribed to {url} (feed {existing})")
    inserted = conn.execute(insert(feeds).values(
        url=url, title=clean_title(title), site_url=site_url, full_text=full_text,
        paused=False, added_at=now()))
    feed_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
    set_tags(conn, feed_id, tags)
    return feed_id


def id_of_url(conn: Connection, url: str) -> int | None:
    found = conn.execute(select(feeds.c.id).where(feeds.c.url == url)).scalar_one_or_none()
    return None if found is None else int(found)


def resolve(conn: Connection, ref: str) -> int:
    """The id of the feed ``ref`` names: its id, or its address. NotFound otherwise."""
    text = ref.strip()
    # ASCII digits, as every id on the command line; a number past the id column's range
    # names no feed (and would overflow the query).
    number = int(text) if text.isascii() and text.isdigit() else None
    if number is not None and storable(conn, number):
        found = conn.execute(select(feeds.c.id).where(feeds.c.id == number)).scalar()
        if found is not None:
            return int(found)
    by_url = id_of_url(conn, text)
    if by_url is None:
        raise NotFound(f"no feed {text}" if number is not None
                       else f"no feed with address {text}")
    return by_url


def set_tags(conn: Connection, feed_id: int, names: Sequence[str]) -> None:
    conn.execute(delete(feed_tags).where(feed_tags.c.feed_id == feed_id))
    cleaned = clean_tags(names)
    if cleaned:
        conn.execute(insert(feed_tags), [{"feed_id": feed_id, "name": n} for n in cleaned])


def tags_of(conn: Connection, feed_id: int) -> tuple[str, ...]:
    return tuple(conn.execute(select(feed_tags.c.name).where(feed_tags.c.feed_id == feed_id)
                              .order_by(feed_tags.c.name)).scalars())


def update_feed(conn: Connection, feed_id: int, changes: FeedChanges) -> None:
    require(conn, feed_id)
    values: dict[str, Any] = {}
    if changes.title is not None:
        values["title"] = clean_title(changes.title)
    if changes.full_text is not None:
        values["full_text"] = changes.full_text
    if changes.paused is not None:
        values["paused"] = changes.paused
    if values:
        conn.execute(update(feeds).where(feeds.c.id == feed_id).values(values))
    if changes.tags is not None:
        set_tags(conn, feed_id, changes.tags)


def require(conn: Connection, feed_id: int) -> Row[Any]:
    row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).first()
    if row is None:
        raise NotFound(f"no feed {feed_id}")
    return row


def remove(conn: Connection, feed_id: int) -> None:
    """Unsubscribe; the articles the feed brought stay in the library."""
    require(conn, feed_id)
    conn.execute(delete(feeds).where(feeds.c.id == feed_id))


def listing(conn: Connection, ids: Sequence[int] | None = None) -> list[Feed]:
    """Every feed (or those of ``ids``), by title, with its tags and article counts."""
    query = select(feeds).order_by(feeds.c.id)
    if ids is not None:
        query = query.where(feeds.c.id.in_(list(ids)))
    # A few hundred rows at most: ordered here, by the same casefolding tags get.
    rows = sorted(conn.execute(query), key=lambda row: (row.title.casefold(), row.id))
    tags: dict[int, list[str]] = {}
    for feed_id, name in conn.execute(
            select(feed_tags.c.feed_id, feed_tags.c.name).order_by(feed_tags.c.name)):
        tags.setdefault(feed_id, []).append(name)
    counts = _counts(conn)
    return [_feed(row, tuple(tags.get(row.id, ())), counts.get(row.id, (0, 0))) for row in rows]


def _counts(conn: Connection) -> dict[int, tuple[int, int]]:
    unread = func.sum(case((articles.c.read.is_(False), 1), else_=0))
    query = (select(feed_entries.c.feed_id, func.count(articles.c.id), unread)
             .join(articles, articles.c.id == feed_entries.c.article_id)
             .where(articles.c.deleted_at.is_(None))
             .group_by(feed_entries.c.feed_id))
    return {int(f): (int(total), int(late or 0)) for f, total, late in conn.execute(query)}


def _feed(row: Row[Any], tags: tuple[str, ...], counts: tuple[int, int]) -> Feed:
    return Feed(id=row.id, url=row.url, title=row.title, site_url=row.site_url, tags=tags,
                full_text=bool(row.full_text), paused=bool(row.paused), added_at=row.added_at,
                checked_at=row.checked_at, error=row.error, gone=row.gone_at is not None,
                articles=counts[0], unread=counts[1], retry_at=row.retry_at)


def validators(row: Row[Any]) -> Validators:
    return Validators(row.etag, row.last_modified)


def known_keys(conn: Connection, feed_id: int, keys: Sequence[str]) -> set[str]:
    """Those of ``keys`` the feed has carried before."""
    found: set[str] = set()
    for chunk in chunks(list(keys)):
        found.update(conn.execute(select(feed_entries.c.entry_key).where(
            feed_entries.c.feed_id == feed_id, feed_entries.c.entry_key.in_(chunk))).scalars())
    return found


def record_entries(conn: Connection, feed_id: int,
                   placed: Sequence[tuple[str, int | None]]) -> None:
    """Remember that the feed carried these entries, each with its article."""
    if placed:
        conn.execute(insert(feed_entries), [
            {"feed_id": feed_id, "entry_key": key, "article_id": article_id}
            for key, article_id in placed])


def record_check(conn: Connection, feed_id: int, *, error: str | None,
                 validators: Validators | None = None, gone: bool = False,
                 title: str | None = None, site_url: str | None = None,
                 moved_to: str | None = None, retry_at: datetime | None = None) -> None:
    """What a refresh learnt of the feed: when, whether it failed and why, its validators,
    its own title (while the address stands in for one: a title the reader gave stays) and
    site, and its new address after a permanent redirect (kept unless
    another subscription has that address already), and until when the server asked to be
    left alone (None: no longer)."""
    stamp = now()
    values: dict[str, Any] = {"checked_at": stamp, "error": error, "retry_at": retry_at}
    if validators is not None:
        values.update(etag=validators.etag, last_modified=validators.last_modified)
    if gone:
        values["gone_at"] = stamp
    elif error is None:
        values["gone_at"] = None
    current = require(conn, feed_id)
    if title and current.title == current.url:  # only the address stood in for a title
        values["title"] = clean_title(title)
    if site_url is not None:
        values["site_url"] = site_url
    if moved_to is not None and id_of_url(conn, moved_to) is None:
        values["url"] = moved_to
    conn.execute(update(feeds).where(feeds.c.id == feed_id).values(values))


def feed_article_ids(feed_id: int) -> Any:
    """``SELECT article_id`` of a feed's entries: what ``feed:ID`` tests an article against."""
    return select(feed_entries.c.article_id).where(feed_entries.c.feed_id == feed_id,
                                                   feed_entries.c.article_id.is_not(None))


def checked_before(stamp: datetime) -> Any:
    return feeds.c.checked_at.is_(None) | (feeds.c.checked_at < stamp)
