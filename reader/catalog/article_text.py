"""Giving an article whose text was not fetched its text: the one write that fetching a
page (or importing a saved copy of it) needs.

The body, its hash and the text-fetched flag change together; the full-text index follows
through its trigger on the body. What the article already has (its title, unless that was
only the address, its date, author and source, tags, note, flags) is kept.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from reader.errors import InvalidValue, NotFound
from reader.importing.parsing import ParsedArticle
from reader.store.schema import articles


def awaiting_text(conn: Connection, article_id: int) -> bool:
    """Whether the article exists and its text is not fetched yet."""
    found = conn.execute(
        select(articles.c.text_fetched).where(articles.c.id == article_id)
    ).scalar_one_or_none()
    return found is not None and not found


def fill_text(conn: Connection, article_id: int, parsed: ParsedArticle) -> None:
    """Store ``parsed``'s text as article ``article_id``'s. Raises InvalidValue when the
    article has its text already (highlights and notes may stand on it), or when another
    article holds the same text (it would be a duplicate of that one)."""
    row = conn.execute(
        select(articles.c.title, articles.c.url, articles.c.published, articles.c.author,
               articles.c.source, articles.c.text_fetched).where(articles.c.id == article_id)
    ).first()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    if row.text_fetched:
        raise InvalidValue(f"article {article_id} has its text already")
    holder = conn.execute(
        select(articles.c.id).where(articles.c.content_hash == parsed.content_hash)
    ).scalar_one_or_none()
    if holder is not None and holder != article_id:
        raise InvalidValue(f"the text is already article {holder}'s")
    values: dict[str, object] = {
        "body": parsed.body,
        "content_hash": parsed.content_hash,
        "text_fetched": True,
    }
    if row.title == row.url and parsed.title:  # the address stood in for a title
        values["title"] = parsed.title
    for column in ("published", "author", "source"):
        if getattr(row, column) is None and getattr(parsed, column) is not None:
            values[column] = getattr(parsed, column)
    conn.execute(update(articles).where(articles.c.id == article_id).values(values))
