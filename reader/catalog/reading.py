"""One article as the reading pane shows it: the row, its tags, note and highlights."""

from __future__ import annotations

from sqlalchemy import Connection

from reader.catalog import annotations as annotation_ops
from reader.catalog.articles import row, tags_of
from reader.importing.parsing import split_blocks
from reader.records import Article


def full_article(conn: Connection, article_id: int) -> Article:
    """The article ``article_id`` as the reading pane shows it (NotFound when gone)."""
    found = row(conn, article_id)
    return Article(
        id=found.id, title=found.title, published=found.published, source=found.source,
        path=found.path, imported_at=found.imported_at, read=bool(found.read),
        starred=bool(found.starred), body=found.body, blocks=split_blocks(found.body),
        tags=tuple(tags_of(conn, article_id)),
        note=annotation_ops.stored_note(conn, article_id),
        highlights=tuple(annotation_ops.list_highlights(conn, article_id)),
        in_trash=found.deleted_at is not None, url=found.url, author=found.author,
        text_fetched=bool(found.text_fetched), progress=found.progress,
    )
