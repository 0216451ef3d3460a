"""Putting articles into and out of the full-text index outside the triggers' reach.

The triggers mirror edits of indexed articles. Articles enter the index in bulk (import,
restore, leaving the trash) and leave it when trashed, so searches never see the trash.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from reader.store.chunks import chunks

# Notes and highlights are gathered here, so articles that already carry them (a restore, an
# article back from the trash) are indexed whole in one statement.
_INDEX = (
    "INSERT INTO article_fts(rowid, title, body, note, highlights) "
    "SELECT a.id, a.title, a.body, coalesce(n.text, ''), "
    "coalesce((SELECT group_concat(h.text || ' ' || h.comment, ' ') FROM highlights h "
    "WHERE h.article_id = a.id), '') "
    "FROM articles a LEFT JOIN notes n ON n.article_id = a.id "
    "WHERE a.deleted_at IS NULL AND a.id IN ({marks})"
)
_UNINDEX = "DELETE FROM article_fts WHERE rowid IN ({marks})"


def _run(conn: Connection, template: str, ids: Sequence[int]) -> None:
    for chunk in chunks(ids):
        conn.exec_driver_sql(template.format(marks=", ".join("?" * len(chunk))), tuple(chunk))


def index(conn: Connection, ids: Sequence[int]) -> None:
    """Index the articles ``ids`` (those not in the trash) with their notes and highlights."""
    _run(conn, _INDEX, ids)


def unindex(conn: Connection, ids: Sequence[int]) -> None:
    _run(conn, _UNINDEX, ids)
