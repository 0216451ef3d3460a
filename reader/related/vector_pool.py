"""Making many vectors on every core. Turning text into words is pure Python, so threads
would queue on the GIL (and slow the window's own thread while an upgraded library is
indexed); worker processes, each with the term model, make the vectors while this process
reads the texts and writes the results. A few batches at most are in flight.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from reader.related.vectors import Projector, TermModel, pack

# Below this many articles the workers cost more to start (~0.5 s each) than they save.
POOL_THRESHOLD = 4000

Row = tuple[int, str, str]  # id, title, body
Made = list[tuple[int, bytes]]  # id, packed vector

_projector: Projector | None = None


def workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _start(documents: int, frequencies: dict[str, int]) -> None:
    global _projector
    _projector = Projector(TermModel(documents, frequencies))


def _make(rows: Sequence[Row]) -> Made:
    assert _projector is not None
    return make(_projector, rows)


def make(projector: Projector, rows: Sequence[Row]) -> Made:
    return [(article_id, pack(projector.article_vector(title, body)))
            for article_id, title, body in rows]


def vectors(projector: Projector, batches: Iterator[Sequence[Row]], count: int,
            cancel: Callable[[], bool], workers: int) -> Iterator[Made]:
    """The vectors of each batch, in order; on worker processes when ``count`` articles are
    many. Stops taking batches once ``cancel`` says so."""
    if count < POOL_THRESHOLD or workers <= 1:
        for rows in batches:
            if cancel():
                return
            yield make(projector, rows)
        return
    model = projector.model
    # "spawn": forking a process that runs Qt threads is unsafe.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=_start,
                               initargs=(model.documents, dict(model.frequencies)))
    pending: deque[Future[Made]] = deque()
    try:
        for rows in batches:
            if cancel():
                return
            pending.append(pool.submit(_make, rows))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
