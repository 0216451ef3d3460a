"""An export's record of each article: its row, tags, note and highlights as plain values."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from reader.store.schema import article_tags, articles, highlights, notes, tags


def iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _tag_names(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    rows = conn.execute(
        select(article_tags.c.article_id, tags.c.name)
        .join(tags, tags.c.id == article_tags.c.tag_id)
        .where(article_tags.c.article_id.in_(ids))
        .order_by(tags.c.key)
    )
    for article_id, name in rows:
        names[article_id].append(name)
    return names


def _notes(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = conn.execute(select(notes).where(notes.c.article_id.in_(ids)))
    return {row.article_id: {"text": row.text, "updated_at": iso(row.updated_at)} for row in rows}


def _highlights(conn: Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    marks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = conn.execute(
        select(highlights)
        .where(highlights.c.article_id.in_(ids))
        .order_by(highlights.c.article_id, highlights.c.start, highlights.c.id)
    )
    for row in rows:
        marks[row.article_id].append(
            {
                "start": row.start,
                "end": row.end,
                "text": row.text,
                "color": row.color,
                "comment": row.comment,
                "created_at": iso(row.created_at),
            }
        )
    return marks


def article_records(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Export records for ``ids`` in that order (five queries a page); gone ids are skipped."""
    rows = {row.id: row for row in conn.execute(select(articles).where(articles.c.id.in_(ids)))}
    names = _tag_names(conn, ids)
    note_of = _notes(conn, ids)
    marks = _highlights(conn, ids)
    return [
        {
            "id": row.id,
            "title": row.title,
            "body": row.body,
            "published": iso(row.published),
            "source": row.source,
            "path": row.path,
            "content_hash": row.content_hash,
            "imported_at": iso(row.imported_at),
            "read": bool(row.read),
            "starred": bool(row.starred),
            "deleted_at": iso(row.deleted_at),
            "tags": names.get(row.id, []),
            "note": note_of.get(row.id),
            "highlights": marks.get(row.id, []),
            "url": row.url,
            "author": row.author,
            "text_fetched": bool(row.text_fetched),
            "progress": float(row.progress),
        }
        for row in (rows[i] for i in ids if i in rows)
    ]
