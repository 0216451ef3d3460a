"""Parsing many files on every core, in order, with bounded memory.

Parsing is pure Python, so threads would queue on the GIL; worker processes let parsing run
beside the database writes of the importing process. Work is handed out in chunks with only
a few in flight, so a 100,000-file import never holds more than a few thousand articles.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from reader.errors import NotAnArticle
from reader.importing.parsing import ParsedArticle, load_article
from reader.records import Failed
from reader.store.chunks import chunks

# Below this many files a pool costs more to start (~0.3 s per worker) than it saves.
POOL_THRESHOLD = 1500
CHUNK = 100

Outcome = ParsedArticle | Failed


def parse_one(path: Path, max_bytes: int) -> Outcome:
    try:
        return load_article(path, max_bytes)
    except NotAnArticle as exc:
        return Failed(str(path), str(exc))


def _parse_chunk(paths: Sequence[Path], max_bytes: int) -> list[Outcome]:
    return [parse_one(path, max_bytes) for path in paths]


def worker_count() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def parse_files(
    paths: Sequence[Path], max_bytes: int, workers: int | None = None
) -> Generator[tuple[Path, Outcome], None, None]:
    """Each path with its article or the reason it failed, in the order given.

    Closing the iterator early (a cancelled import) stops the workers.
    """
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(paths) < POOL_THRESHOLD:
        for path in paths:
            yield path, parse_one(path, max_bytes)
        return
    # "spawn": forking a process that runs Qt threads (the GUI imports off its main thread)
    # is unsafe.
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    pending: deque[tuple[Sequence[Path], Future[list[Outcome]]]] = deque()
    try:
        for chunk in chunks(paths, CHUNK):
            pending.append((chunk, executor.submit(_parse_chunk, chunk, max_bytes)))
            if len(pending) >= workers * 3:
                yield from _drain_one(pending)
        while pending:
            yield from _drain_one(pending)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _drain_one(
    pending: deque[tuple[Sequence[Path], Future[list[Outcome]]]],
) -> Iterator[tuple[Path, Outcome]]:
    chunk, future = pending.popleft()
    yield from zip(chunk, future.result(), strict=True)
