"""Keeping the related-articles index level with the library: the term model made or made
again when the library has outgrown it, and a vector for every article that lacks one.

Vectors are made in batches, each read in its own snapshot and written in its own
transaction, so the window and the command line keep writing meanwhile; a cancelled run
keeps every batch written. The text is read and the vectors computed outside the write
transaction, which holds the write lock only to store them; a large run makes them on
worker processes (:mod:`reader.related.vector_pool`).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence

from msgspec import Struct

from reader.related import stored, vector_pool
from reader.related.index import VectorIndex
from reader.related.vectors import Projector, TermModel, article_terms
from reader.store.chunks import chunks
from reader.store.interface import Store

# Word counts of 10,000 articles weigh common and rare words as those of 100,000 do (the idf
# of a word in 1% of articles is known within a few percent); counting more costs time.
SAMPLE = 10_000
BATCH = 1_000
MEMORY_ONLY = -1  # the model id of a library that cannot be written: nothing is stored

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class ModelInUse(Struct, frozen=True):
    id: int
    projector: Projector


def outgrown(model: TermModel, live: int) -> bool:
    """Whether a library of ``live`` articles should count its words again: it has doubled
    since, and the count was made on fewer articles than a full sample."""
    return model.documents < SAMPLE and live >= 2 * model.documents


def _count(store: Store, live: list[int]) -> TermModel:
    chosen = live if len(live) <= SAMPLE else random.Random(len(live)).sample(live, SAMPLE)
    with store.read() as conn:
        return TermModel.count(article_terms(title, body)
                               for _, title, body in stored.texts(conn, chosen))


class IndexBuilder:
    """Makes what the index lacks for one library; keeps the model in use between calls."""

    def __init__(self, store: Store, index: VectorIndex) -> None:
        self._store = store
        self._index = index
        self._model: ModelInUse | None = None
        self._counting = threading.Lock()  # one thread counts words; the others wait for it

    def model_for_queries(self) -> ModelInUse | None:
        """The model in use, read only when another has replaced it since the last call;
        made first when the library has none."""
        with self._store.read() as conn:
            current = stored.current_model_id(conn)
        if self._model is not None and self._model.id in (current, MEMORY_ONLY):
            return self._model
        return self.model()

    def model(self) -> ModelInUse | None:
        """The model in use, made first when the library has none or has outgrown it; None
        while the library has fewer than two articles."""
        with self._counting:
            return self._current_model()

    def _current_model(self) -> ModelInUse | None:
        with self._store.read() as conn:
            found = stored.current_model(conn)
            live = stored.live_ids(conn)
        if found is not None and not outgrown(found[1], len(live)):
            if self._model is None or self._model.id != found[0]:
                self._model = ModelInUse(found[0], Projector(found[1]))
            return self._model
        if self._model is not None and self._model.id == MEMORY_ONLY and not outgrown(
                self._model.projector.model, len(live)):
            return self._model
        if len(live) < 2:
            return None
        counted = _count(self._store, live)
        model_id = MEMORY_ONLY
        if not self._store.read_only:
            with self._store.write() as conn:
                model_id = stored.save_model(conn, counted)
        self._model = ModelInUse(model_id, Projector(counted))
        return self._model

    def _texts(self, ids: Sequence[int]) -> list[tuple[int, str, str]]:
        with self._store.read() as conn:
            return list(stored.texts(conn, ids))

    def refresh(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Make the vectors the index lacks; returns how many were made."""
        model = self.model()
        if model is None:
            return 0
        with self._store.read() as conn:
            self._index.sync(conn)
            todo = stored.needing_vectors(conn, model.id)
        if model.id == MEMORY_ONLY:
            todo = [article_id for article_id in todo if not self._index.has(article_id)]
        made_count = 0
        batches = (self._texts(chunk) for chunk in chunks(todo, BATCH))
        for made in vector_pool.vectors(model.projector, batches, len(todo),
                                        cancel or (lambda: False), vector_pool.workers()):
            if model.id == MEMORY_ONLY:
                self._index.put(made)
            else:
                with self._store.write() as conn:
                    stored.write_vectors(conn, model.id, made)
            made_count += len(made)
            if progress is not None:
                progress(made_count, len(todo))
        return made_count
