"""The articles most like one article: cosines against every vector, the best first, with
near-identical copies told apart.

A copy of the article (the same wire story in another outlet: cosine at least
``NEAR_DUPLICATE``) is marked as such and does not take one of the ``limit`` places; a
copy of an article already listed is left out, so the list holds that many different
stories. Articles in the Trash, and the article itself, are never listed.
"""

from __future__ import annotations

import numpy as np
from msgspec import Struct
from sqlalchemy import Connection

from reader.catalog.articles import existing_ids
from reader.related.index import Ids, Snapshot
from reader.related.vectors import Vector
from reader.store.schema import articles

# Measured on the labelled corpus (README, "Related articles"): wire copies (a headline
# changed, a sentence dropped and one added) score 0.874 and above; two other articles, of
# one topic or not, 0.738 at the most.
NEAR_DUPLICATE = 0.85
# Below this an article shares little more than the language's common words.
MIN_SIMILARITY = 0.1


class Found(Struct, frozen=True):
    article_id: int
    similarity: float
    near_duplicate: bool


def best_first(sims: Vector, ids: Ids, count: int) -> list[tuple[int, float, int]]:
    """(id, similarity, row) of the ``count`` highest ``sims``, the highest first."""
    count = min(count, len(sims))
    if count <= 0:
        return []
    top = np.argpartition(-sims, count - 1)[:count]
    top = top[np.argsort(-sims[top], kind="stable")]
    return [(int(ids[row]), float(sims[row]), int(row)) for row in top]


def find_related(conn: Connection, article_id: int, query: Vector, index: Snapshot,
                 limit: int) -> list[Found]:
    """Up to ``limit`` different articles like ``query`` (the vector of ``article_id``), the
    most alike first, plus the article's near-identical copies, marked."""
    ids = index.ids
    if not len(ids) or limit <= 0:
        return []
    sims = index.similarities(query)
    sims[ids == article_id] = -1.0
    wanted = limit * 3 + 10
    while True:
        candidates = best_first(sims, ids, wanted)
        found = _pick(conn, candidates, index, limit)
        enough = sum(not item.near_duplicate for item in found) >= limit
        if enough or wanted >= len(ids) or (candidates and candidates[-1][1] < MIN_SIMILARITY):
            return found
        wanted *= 4


def _pick(conn: Connection, candidates: list[tuple[int, float, int]], index: Snapshot,
          limit: int) -> list[Found]:
    listed = set(existing_ids(conn, [c[0] for c in candidates], articles.c.deleted_at.is_(None)))
    found: list[Found] = []
    chosen_rows: list[int] = []
    copies = 0
    for article_id, similarity, row in candidates:
        if article_id not in listed or similarity < MIN_SIMILARITY:
            continue
        if similarity >= NEAR_DUPLICATE:
            if copies < limit:
                found.append(Found(article_id, similarity, True))
                copies += 1
            continue
        if chosen_rows and float(np.max(index.rows(chosen_rows) @ index.rows([row])[0])
                                 ) >= NEAR_DUPLICATE:
            continue  # the same story as one listed already
        found.append(Found(article_id, similarity, False))
        chosen_rows.append(row)
        if len(chosen_rows) == limit:
            break
    return found
