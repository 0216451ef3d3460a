"""The trash: deleted articles wait here, out of every list, count and search, until emptied."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, select

from reader.catalog.articles import existing_ids, now, set_column
from reader.store.chunks import chunks
from reader.store.interface import sql_for
from reader.store.schema import articles


def move_in(conn: Connection, ids: Sequence[int]) -> list[int]:
    """Trash ``ids``; returns those that were not in the trash already."""
    moved = _with_state(conn, ids, in_trash=False)
    set_column(conn, moved, "deleted_at", now())
    sql_for(conn).text_index.unindex(conn, moved)
    return moved


def take_out(conn: Connection, ids: Sequence[int]) -> list[int]:
    """Put trashed ``ids`` back; returns those that were in the trash."""
    restored = _with_state(conn, ids, in_trash=True)
    set_column(conn, restored, "deleted_at", None)
    sql_for(conn).text_index.index(conn, restored)
    return restored


def purge(conn: Connection, ids: Sequence[int] | None = None) -> list[int]:
    """Delete trashed articles for good (all of them, or those of ``ids`` in the trash)."""
    if ids is None:
        doomed = list(
            conn.execute(select(articles.c.id).where(articles.c.deleted_at.is_not(None)))
            .scalars()
        )
    else:
        doomed = _with_state(conn, ids, in_trash=True)
    for chunk in chunks(doomed):
        conn.execute(delete(articles).where(articles.c.id.in_(chunk)))
    return doomed


def _with_state(conn: Connection, ids: Sequence[int], in_trash: bool) -> list[int]:
    state = articles.c.deleted_at.is_not(None) if in_trash else articles.c.deleted_at.is_(None)
    return existing_ids(conn, list(dict.fromkeys(ids)), state)
