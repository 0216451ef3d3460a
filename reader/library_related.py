"""Related articles and tag suggestions of a library: ``library.related``.

The index (a vector per article, :mod:`reader.related`) is stored in the library and held in
memory here. :meth:`LibraryRelated.refresh` makes what it lacks (every article after an
upgrade, the new ones after an import, those whose title changed) and is cheap when nothing
is missing; the queries use the index as it stands, and always compute the vector of the
article asked about from its text as it is now.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from reader.catalog import articles
from reader.records import Changes, RelatedArticle, TagSuggestion
from reader.store.interface import Store
from reader.store.schema import article_tags, tags

if TYPE_CHECKING:  # numpy and the index load on first use: opening the app needs neither
    from reader.related.building import IndexBuilder, ModelInUse
    from reader.related.index import Snapshot, VectorIndex
    from reader.related.suggesting import Tagging
    from reader.related.vectors import Vector

DEFAULT_LIMIT = 10
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class LibraryRelated:
    """The articles most like one article, and the tags it should probably carry."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._parts: tuple[VectorIndex, IndexBuilder] | None = None
        self._lock = threading.Lock()
        self._tagging: Tagging | None = None
        self._tagging_seen: tuple[int, int] | None = None

    def refresh(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Bring the index level with the library: count the words again when the library
        has outgrown the count, and make a vector for every article outside the Trash that
        lacks one. Returns how many were made; ``progress(done, total)`` after each batch,
        ``cancel`` polled between them. A read-only library's index is made in memory."""
        return self._built()[1].refresh(progress, cancel)

    def _built(self) -> tuple[VectorIndex, IndexBuilder]:
        with self._lock:
            if self._parts is None:
                from reader.related.building import IndexBuilder
                from reader.related.index import VectorIndex

                index = VectorIndex()
                self._parts = (index, IndexBuilder(self._store, index))
            return self._parts

    def snapshot(self) -> Snapshot:
        """The index as this process holds it now, level with the library's table: for tools
        and measurements (its ``ids``, ``similarities(vector)``, ``rows(positions)``)."""
        index = self._built()[0]
        with self._store.read() as conn:
            index.sync(conn)
        return index.snapshot()

    def _model(self) -> ModelInUse | None:
        return self._built()[1].model_for_queries()

    def related(self, article_id: int, limit: int = DEFAULT_LIMIT) -> list[RelatedArticle]:
        """Up to ``limit`` articles most like ``article_id``, the most alike first, never
        itself nor one in the Trash; its near-identical copies come with them, marked
        ``near_duplicate`` and not counted in ``limit``. Raises NotFound."""
        asked = self._asking(article_id)
        if asked is None:
            return []
        from reader.related.finding import find_related

        index, query = asked
        with self._store.read() as conn:
            index.sync(conn)
            found = find_related(conn, article_id, query, index.snapshot(), limit)
            rows = {s.id: s for s in articles.summaries(conn, [f.article_id for f in found])}
        return [RelatedArticle(rows[f.article_id], round(f.similarity, 3), f.near_duplicate)
                for f in found if f.article_id in rows]

    def suggest_tags(self, article_id: int) -> list[TagSuggestion]:
        """Existing tags ``article_id`` does not have but its most alike tagged articles do,
        the likeliest first (see :mod:`reader.related.suggesting`). Raises NotFound."""
        asked = self._asking(article_id)
        if asked is None:
            return []
        from reader.related.suggesting import suggest

        index, query = asked
        with self._store.read() as conn:
            index.sync(conn)
            tagging = self._current_tagging(conn)
            own = set(conn.execute(select(article_tags.c.tag_id)
                                   .where(article_tags.c.article_id == article_id)).scalars())
            scored = suggest(article_id, query, index.snapshot(), tagging, own)
            names = {tag_id: name for tag_id, name in conn.execute(
                select(tags.c.id, tags.c.name).where(tags.c.id.in_([t for t, _ in scored])))}
        return [TagSuggestion(names[tag_id], score) for tag_id, score in scored
                if tag_id in names]

    def _asking(self, article_id: int) -> tuple[VectorIndex, Vector] | None:
        """The index and ``article_id``'s vector to ask it with; None while the library has
        no model yet. Raises NotFound."""
        with self._store.read() as conn:
            row = articles.row(conn, article_id)
        model = self._model()
        if model is None:
            return None
        return self._built()[0], model.projector.article_vector(row.title, row.body)

    def _current_tagging(self, conn: Connection) -> Tagging:
        from reader.related.suggesting import load_tagging, tagging_signature

        seen = tagging_signature(conn)
        with self._lock:
            if self._tagging is not None and seen == self._tagging_seen:
                return self._tagging
        tagging = load_tagging(conn)
        with self._lock:
            self._tagging, self._tagging_seen = tagging, seen
        return tagging

    def library_changed(self, changes: Changes) -> None:
        """Tags or the Trash changed in this process: read the tagging again next time; the
        library was replaced: read the vectors again too."""
        if changes.tags or changes.tag_set or changes.membership or changes.articles:
            with self._lock:
                self._tagging = None
                parts = self._parts
            if changes.everything and parts is not None:
                parts[0].forget()
