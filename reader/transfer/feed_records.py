"""Subscriptions in a library export (format version 4): each feed with its options, its tags,
and the entries it has carried, so a restored library refreshes without taking old entries
for new ones, lists each feed's articles under it, and keeps saved ``feed:ID`` searches.

An entry is written as ``[key, article id]``; the id is null for an entry whose article was
deleted for good (it stays known, so it does not come back). A selection's export carries
the entries of the selected articles only. What a refresh keeps for itself (the server's
validators, the last check and its error) is not exported: the first refresh after a restore
asks again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, insert, select

from reader.addresses import web_url
from reader.catalog.articles import existing_ids
from reader.catalog.tag_names import clean_tags
from reader.errors import InvalidValue
from reader.feeds import catalog
from reader.feeds.catalog import clean_title
from reader.store.chunks import chunks
from reader.store.interface import sql_for
from reader.store.schema import feed_entries, feed_tags, feeds
from reader.text_checks import check_line, shortened
from reader.transfer.restore_rows import Fields

# Feed ids are 32-bit on PostgreSQL: a restore keeps them below that, as the app numbers them.
MAX_FEED_ID = 2**31 - 1
_KEY = re.compile(r"[0-9a-f]{64}")


def feed_records(conn: Connection, selected: set[int] | None) -> Iterator[dict[str, Any]]:
    """Every subscription as an export record, with its entries (only those of ``selected``
    articles when given)."""
    for row in conn.execute(select(feeds).order_by(feeds.c.id)):
        entries = conn.execute(
            select(feed_entries.c.entry_key, feed_entries.c.article_id)
            .where(feed_entries.c.feed_id == row.id).order_by(feed_entries.c.entry_key)
        )
        yield {
            "id": row.id, "url": row.url, "title": row.title, "site_url": row.site_url,
            "full_text": row.full_text, "paused": row.paused,
            "added_at": row.added_at.isoformat(),
            "gone_at": None if row.gone_at is None else row.gone_at.isoformat(),
            "tags": list(catalog.tags_of(conn, row.id)),
            "entries": [[key, article] for key, article in entries
                        if selected is None or article in selected],
        }


class FeedRows:
    """The feeds of an export, checked as they are read and written once every article is
    in (their entries name articles, which may come later in a hand-edited file)."""

    def __init__(self, damaged: Callable[[str], str]) -> None:
        self._damaged = damaged  # where -> the message naming the file
        self._feeds: list[dict[str, Any]] = []
        self._tags: list[dict[str, Any]] = []
        self._entries: list[dict[str, Any]] = []
        self._ids: set[int] = set()
        self._urls: set[str] = set()

    def __len__(self) -> int:
        return len(self._feeds)

    def add(self, items: list[Any]) -> None:
        for index, item in enumerate(items, start=1):
            self._add(Fields(item, self._damaged(f"feed {index}")))

    def _add(self, fields: Fields) -> None:
        feed_id = fields.number("id", 1, MAX_FEED_ID)
        url = _address(fields, "url", optional=False)
        if feed_id in self._ids:
            raise InvalidValue(f"{fields.where}: two feeds have the id {feed_id}")
        if url in self._urls:
            raise InvalidValue(f"{fields.where}: two feeds have the address {url!r}")
        self._ids.add(feed_id)
        self._urls.add(url)
        self._feeds.append({
            "id": feed_id, "url": url,
            "title": fields.checked("title", lambda text: clean_title(check_line(text, "it"))),
            "site_url": _address(fields, "site_url", optional=True),
            "full_text": fields.flag("full_text"), "paused": fields.flag("paused"),
            "added_at": fields.stamp("added_at"),
            "gone_at": fields.stamp("gone_at", optional=True),
        })
        names = fields.objects("tags")
        if not all(isinstance(name, str) for name in names):
            raise InvalidValue(f"{fields.where}: a tag name should be text")
        try:
            cleaned = clean_tags(names)
        except InvalidValue as exc:
            raise InvalidValue(f"{fields.where}: {exc}") from None
        self._tags += [{"feed_id": feed_id, "name": name} for name in cleaned]
        self._add_entries(fields, feed_id)

    def _add_entries(self, fields: Fields, feed_id: int) -> None:
        seen: set[str] = set()
        for number, entry in enumerate(fields.objects("entries"), start=1):
            where = f"{fields.where}, entry {number}"
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                    and _KEY.fullmatch(entry[0])):
                raise InvalidValue(f"{where}: should be [64 hexadecimal digits, article id]")
            key, article = entry
            if article is not None and (not isinstance(article, int)
                                        or isinstance(article, bool) or article < 1):
                raise InvalidValue(f"{where}: the article id should be a whole number or null")
            if key in seen:
                raise InvalidValue(f"{where}: the feed lists this entry twice")
            seen.add(key)
            self._entries.append({"feed_id": feed_id, "entry_key": key, "article_id": article})

    def write(self, conn: Connection) -> None:
        """Into the library, once its articles are: an entry naming an article the file does
        not hold is damage."""
        _require_articles(conn, {row["article_id"] for row in self._entries
                                 if row["article_id"] is not None}, self._damaged)
        if self._feeds:
            conn.execute(insert(feeds), self._feeds)
            sql_for(conn).ids_written(conn)  # they went in under their exported ids
        if self._tags:
            conn.execute(insert(feed_tags), self._tags)
        for chunk in chunks(self._entries, 5_000):
            conn.execute(insert(feed_entries), list(chunk))


def _address(fields: Fields, key: str, optional: bool) -> Any:
    return fields.checked(key, _web_address, optional)


def _web_address(text: str) -> str:
    if web_url(check_line(text, "it")) != text:
        raise InvalidValue(f"not a web address: {text!r}")
    return text


def _require_articles(conn: Connection, wanted: set[int],
                      damaged: Callable[[str], str]) -> None:
    # existing_ids leaves out an id past what the engine stores: missing, not an overflow.
    present = set(existing_ids(conn, sorted(wanted)))
    missing = min(wanted - present, default=None)
    if missing is not None:
        raise InvalidValue(damaged(f"a feed's entry names article {shortened(str(missing), 40)}, "
                                   "which the file does not hold"))

