"""Storing articles parsed elsewhere (a feed's entries) inside a caller's transaction.

The importer writes files in batches of its own; a feed refresh stores each feed's new entries
together with the record of which entries it has seen, in one transaction, so a refresh that
is cancelled or killed never leaves an article without its entry or an entry without its
article. Duplicates are found as an import finds them (the same text, the same address), and
an article stored without its text gets it from an entry that brings it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from msgspec import Struct
from sqlalchemy import Connection

from reader.catalog.article_text import fill_text
from reader.errors import InvalidValue
from reader.importing.batch_writes import Parsed, add_extras, insert_articles, known

How = Literal["new", "text", "address", "filled"]


class Stored(Struct, frozen=True):
    """Where an item went: article ``id``, and ``how`` ("new"; "filled", an article that
    had no text got it; "text" or "address", a duplicate of that article)."""

    id: int
    how: How
    in_trash: bool = False


def store_parsed(
    conn: Connection,
    items: Sequence[Parsed],
    tags: Sequence[str],
    stamp: datetime,
    warn: Callable[[str, str], None],
) -> tuple[list[Stored], bool]:
    """Store ``items`` on ``conn`` (the caller's write transaction), tagging the new ones
    with ``tags`` and their own: one result per item, in order, and whether any tag was
    linked."""
    found = known(conn, items)
    fresh: list[Parsed] = []
    placed: list[tuple[int, How]] = []  # a negative id is fresh[-id - 1], not inserted yet
    filled: list[Parsed] = []
    filled_ids: list[int] = []
    for item in items:
        match = found.match(item)
        if match is None:
            found.add(item, -len(fresh) - 1)
            placed.append((-len(fresh) - 1, "new"))
            fresh.append(item)
            continue
        article_id, by = match
        if by == "address" and _fills(conn, article_id, item, found.awaiting):
            found.by_hash[item.article.content_hash] = article_id
            placed.append((article_id, "filled"))
            filled.append(item)
            filled_ids.append(article_id)
        else:
            placed.append((article_id, "address" if by == "address" else "text"))
    ids = insert_articles(conn, fresh, stamp)
    tagged = add_extras(conn, [*fresh, *filled], [*ids, *filled_ids], tags, stamp, warn)
    results = []
    for article_id, how in placed:
        if article_id < 0:
            article_id = ids[-article_id - 1]
        results.append(Stored(article_id, how, article_id in found.trashed))
    return results, tagged


def _fills(conn: Connection, article_id: int, item: Parsed, awaiting: set[int]) -> bool:
    if article_id not in awaiting or not item.article.text_fetched:
        return False
    try:
        fill_text(conn, article_id, item.article)
    except InvalidValue:  # another article holds that text already
        return False
    awaiting.discard(article_id)
    return True
