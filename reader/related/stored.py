"""The related-articles index as the library keeps it: a table of vectors beside the
articles, and the word counts that weigh them (:mod:`reader.store.schema`).

Plain SQLAlchemy Core on portable types (a vector is a ``LargeBinary`` record): a library
on a server engine keeps its vectors the same way, and every client of it shares them.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select

from reader.catalog.articles import existing_ids
from reader.related.vectors import DIMENSIONS, VERSION, TermModel
from reader.store.chunks import chunks
from reader.store.interface import sql_for
from reader.store.schema import article_vectors, articles, term_models


def current_model(conn: Connection) -> tuple[int, TermModel] | None:
    """The newest term model of this version and size, with its id; None before the first."""
    row = conn.execute(
        select(term_models.c.id, term_models.c.documents, term_models.c.frequencies)
        .where(term_models.c.version == VERSION, term_models.c.dimensions == DIMENSIONS)
        .order_by(term_models.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    frequencies = json.loads(zlib.decompress(row.frequencies).decode("utf-8"))
    return row.id, TermModel(row.documents, frequencies)


def current_model_id(conn: Connection) -> int | None:
    """The id of :func:`current_model`, without reading its words."""
    return conn.execute(
        select(term_models.c.id)
        .where(term_models.c.version == VERSION, term_models.c.dimensions == DIMENSIONS)
        .order_by(term_models.c.id.desc())
        .limit(1)
    ).scalar()


def save_model(conn: Connection, model: TermModel) -> int:
    """Store ``model`` as the one in use; older ones are deleted (their vectors are made
    again under the new one)."""
    packed = zlib.compress(json.dumps(dict(model.frequencies)).encode("utf-8"), 6)
    made = conn.execute(
        insert(term_models).values(version=VERSION, dimensions=DIMENSIONS,
                                   documents=model.documents, frequencies=packed,
                                   created_at=datetime.now().replace(microsecond=0))
    ).inserted_primary_key
    assert made is not None
    # Deleted only once the new one is in: SQLite gives a new row the largest id plus one,
    # and in an emptied table that would be the old model's id, whose vectors would then
    # pass for the new model's.
    conn.execute(delete(term_models).where(term_models.c.id != made[0]))
    return int(made[0])


def live_ids(conn: Connection) -> list[int]:
    """Every article outside the Trash, by id."""
    statement = select(articles.c.id).where(articles.c.deleted_at.is_(None)).order_by(
        articles.c.id)
    return sql_for(conn).read_ids(conn, statement)


def texts(conn: Connection, ids: Sequence[int]) -> Iterator[tuple[int, str, str]]:
    """(id, title, body) of each of ``ids`` that exists."""
    for chunk in chunks(ids):
        for row in conn.execute(select(articles.c.id, articles.c.title, articles.c.body)
                                .where(articles.c.id.in_(chunk))):
            yield row.id, row.title, row.body


def needing_vectors(conn: Connection, model_id: int) -> list[int]:
    """Articles outside the Trash with no vector made under ``model_id``."""
    done = select(article_vectors.c.article_id).where(article_vectors.c.model == model_id)
    statement = (select(articles.c.id)
                 .where(articles.c.deleted_at.is_(None), articles.c.id.not_in(done))
                 .order_by(articles.c.id))
    return sql_for(conn).read_ids(conn, statement)


def write_vectors(conn: Connection, model_id: int, made: Sequence[tuple[int, bytes]]) -> None:
    """Keep ``made`` (ids and packed vectors) as the vectors of its articles (those that
    still exist), under one new stamp."""
    wanted = existing_ids(conn, [article_id for article_id, _ in made])
    if not wanted:
        return
    present = set(wanted)
    stamp = int(conn.execute(select(func.coalesce(func.max(article_vectors.c.stamp), 0)))
                .scalar_one()) + 1
    for chunk in chunks(wanted):
        conn.execute(delete(article_vectors).where(article_vectors.c.article_id.in_(chunk)))
    rows = [{"article_id": article_id, "model": model_id, "stamp": stamp,
             "vector": vector}
            for article_id, vector in made if article_id in present]
    conn.execute(insert(article_vectors), rows)


def newest_stamp(conn: Connection) -> int:
    """The stamp of the newest batch written: what a reader compares to know whether to
    load again (one step down an index)."""
    return int(conn.execute(select(func.coalesce(func.max(article_vectors.c.stamp), 0)))
               .scalar_one())


def load_vectors(conn: Connection, after_stamp: int) -> tuple[list[int], bytes]:
    """Ids in ascending order, and their vectors (concatenated records), of the vectors
    stamped after ``after_stamp``."""
    ids: list[int] = []
    blobs: list[bytes] = []
    result = conn.execute(select(article_vectors.c.article_id, article_vectors.c.vector)
                          .where(article_vectors.c.stamp > after_stamp)
                          .order_by(article_vectors.c.article_id))
    for article_id, blob in result:
        ids.append(article_id)
        blobs.append(blob)
    return ids, b"".join(blobs)
