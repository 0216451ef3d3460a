"""Writing one batch of parsed articles: which are duplicates, and the rows to insert.

An article is a duplicate of one already stored (or met earlier in the batch) with the same
text (its content hash) or the same web address (``reader.addresses.url_key``: tracking
parameters, ``www.``, the scheme and such aside). Both are looked up once per batch, through
the unique hash column and the ``url_key`` index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from msgspec import Struct, field
from sqlalchemy import Connection, insert, select

from reader.addresses import url_key
from reader.catalog import tags as tag_ops
from reader.errors import InvalidValue
from reader.importing.parsing import ParsedArticle
from reader.importing.readlater.entries import SavedEntry
from reader.store.chunks import chunks, fixed_pages
from reader.store.interface import sql_for
from reader.store.schema import article_tags, articles, highlights, notes

# Highlights brought from a read-later service take the first colour of the palette.
IMPORTED_HIGHLIGHT_COLOR = "yellow"


class Parsed(Struct, frozen=True):
    """An article ready to store, with its title and body as the full-text index takes them
    (``FullText.prepare``); ``entry`` and ``highlights`` when it came from an export."""

    path: str
    article: ParsedArticle
    index_title: str
    index_body: str
    entry: SavedEntry | None = None
    highlights: tuple[tuple[int, int, str], ...] = ()

    @property
    def key(self) -> str | None:
        return url_key(self.article.url)


class Known(Struct):
    """Articles the batch may duplicate: by hash and by address key, with the trashed ones.
    A negative id stands for the batch's own article ``-id - 1``, not inserted yet."""

    by_hash: dict[str, int] = field(default_factory=dict)
    by_key: dict[str, int] = field(default_factory=dict)
    trashed: set[int] = field(default_factory=set)
    awaiting: set[int] = field(default_factory=set)  # stored without their text

    def match(self, item: Parsed) -> tuple[int, str] | None:
        """The article ``item`` duplicates, and by what ("text" or "address"). An entry
        without text is compared by its address alone (its hash stands for the address)."""
        key = item.key
        by_address = self.by_key.get(key) if key is not None else None
        if by_address is not None and not item.article.text_fetched:
            return by_address, "address"
        found = self.by_hash.get(item.article.content_hash)
        if found is not None:
            return found, "text"
        return None if by_address is None else (by_address, "address")

    def add(self, item: Parsed, article_id: int) -> None:
        self.by_hash[item.article.content_hash] = article_id
        if item.key is not None:
            self.by_key[item.key] = article_id


def known(conn: Connection, batch: Sequence[Parsed]) -> Known:
    """The stored articles that share a hash or an address key with ``batch``: one query
    for each (a chunk of keys at a time), whatever the number of duplicates. The trash state
    comes with the same lookups; articles inserted later in the batch are never trashed."""
    found = Known()
    in_trash = articles.c.deleted_at.is_not(None)  # a flag, not a timestamp to parse per row
    hashes = [item.article.content_hash for item in batch]
    keys = [key for key in (item.key for item in batch) if key is not None]
    for column, values, into in ((articles.c.content_hash, hashes, found.by_hash),
                                 (articles.c.url_key, keys, found.by_key)):
        for chunk in chunks(values):
            rows = conn.execute(
                select(column, articles.c.id, in_trash, articles.c.text_fetched)
                .where(column.in_(chunk)).order_by(articles.c.id)
            )
            for value, article_id, deleted, fetched in rows:
                into.setdefault(value, article_id)  # the oldest, when several share a key
                if deleted:
                    found.trashed.add(article_id)
                if not fetched:
                    found.awaiting.add(article_id)
    return found


def insert_articles(conn: Connection, fresh: Sequence[Parsed], stamp: datetime) -> list[int]:
    """Insert ``fresh`` (in pages of a few fixed sizes: ``fixed_pages``) and index the rows
    it stored, with their texts as the parse workers prepared them; the ids of ``fresh``, in
    order.

    The unique content hash decides, not the lookup before: a row whose text another writer
    stored meanwhile is skipped by the insert (``ON CONFLICT DO NOTHING``), and its id is
    that writer's article, which that writer indexes. ``RETURNING`` names exactly the rows
    this insert stored, even while others insert beside it."""
    if not fresh:
        return []
    sql = sql_for(conn)
    insert = sql.insert_or_ignore(articles).returning(articles.c.content_hash, articles.c.id)
    by_hash: dict[str, int] = {}
    for page in fixed_pages(fresh):
        by_hash.update({key: article_id for key, article_id in conn.execute(
            insert, [_row(item, stamp) for item in page])})
    sql.text_index.index_new(conn, [
        (by_hash[item.article.content_hash], item.index_title, item.index_body)
        for item in fresh if item.article.content_hash in by_hash
    ])
    missing = [item.article.content_hash for item in fresh
               if item.article.content_hash not in by_hash]
    for chunk in chunks(missing):
        by_hash.update({key: article_id for key, article_id in conn.execute(
            select(articles.c.content_hash, articles.c.id)
            .where(articles.c.content_hash.in_(chunk)))})
    return [by_hash[item.article.content_hash] for item in fresh]


def _row(item: Parsed, stamp: datetime) -> dict[str, Any]:
    article, entry = item.article, item.entry
    return {
        "title": article.title,
        "body": article.body,
        "published": article.published,
        "source": article.source,
        "path": entry.origin if entry else item.path,
        "content_hash": article.content_hash,
        # An export's entry keeps the time it was saved in the service.
        "imported_at": (entry.saved_at if entry else None) or stamp,
        "url": article.url,
        "author": article.author,
        "url_key": item.key,
        "text_fetched": article.text_fetched,
        "read": bool(entry and entry.read),
        "starred": bool(entry and entry.starred),
    }


def add_extras(
    conn: Connection,
    fresh: Sequence[Parsed],
    ids: Sequence[int],
    run_tags: Sequence[str],
    stamp: datetime,
    warn: Callable[[str, str], None],
) -> bool:
    """Tags (the run's and each article's own), notes and highlights of the new articles,
    after they are indexed (the triggers carry notes and highlights into the index). Returns
    whether any tag was linked."""
    links: set[tuple[int, int]] = set()
    tag_ids: dict[str, int] = {}
    for item, article_id in zip(fresh, ids, strict=True):
        for name in (*run_tags, *item.article.tags):
            try:
                cleaned = tag_ops.normalize_name(name)
            except InvalidValue as exc:
                warn(item.path, f"tag skipped: {exc}")
                continue
            key = tag_ops.tag_key(cleaned)
            if key not in tag_ids:
                tag_ids[key] = tag_ops.ensure_ids(conn, [cleaned])[0]
            links.add((tag_ids[key], article_id))
    if links:
        conn.execute(sql_for(conn).insert_or_ignore(article_tags),
                     [{"tag_id": t, "article_id": a} for t, a in sorted(links)])
    note_rows = [
        {"article_id": article_id, "text": item.entry.note, "updated_at": stamp}
        for item, article_id in zip(fresh, ids, strict=True)
        if item.entry is not None and item.entry.note
    ]
    if note_rows:  # an article given its text may have a note of the reader's already
        conn.execute(sql_for(conn).insert_or_ignore(notes), note_rows)
    marks = [
        {"article_id": article_id, "start": start, "end": end,
         "text": item.article.body[start:end], "color": IMPORTED_HIGHLIGHT_COLOR,
         "comment": comment, "created_at": stamp}
        for item, article_id in zip(fresh, ids, strict=True)
        for start, end, comment in item.highlights
    ]
    if marks:
        conn.execute(insert(highlights), marks)
    return bool(links)
