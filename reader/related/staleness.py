"""Telling the related-articles index that an article's text changed, from inside the edit
that changed it (without loading numpy, which editing does not need)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, update

from reader.store.chunks import chunks
from reader.store.schema import article_vectors

# The model id no term model has: a vector under it is made again at the next refresh, and
# stays in use until then.
STALE_MODEL = 0


def mark_stale(conn: Connection, ids: Sequence[int]) -> None:
    """The text of ``ids`` changed: their vectors are to be made again."""
    for chunk in chunks(ids):
        conn.execute(update(article_vectors).where(article_vectors.c.article_id.in_(chunk))
                     .values(model=STALE_MODEL))
