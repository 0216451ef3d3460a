"""Parsing many files on every core, in order, with bounded memory.

Parsing is pure Python, so threads would queue on the GIL; worker processes let parsing run
beside the database writes of the importing process. The full-text index's tokens are made
there too, beside the parsing: off the importing process, which every article waits for.
Work is handed out in chunks with only a few in flight, so a 100,000-file import never holds
more than a few thousand articles.

A job is a file, an entry of a read-later export (whose saved copy of the article may
need extracting like a web page), or a link, whose page the worker fetches and reads.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from msgspec import Struct

from reader.errors import NotAnArticle
from reader.importing.file_names import printable
from reader.importing.formats import WEB_PAGE_SUFFIXES, load_document
from reader.importing.parsing import ParsedArticle
from reader.importing.readlater.entries import SavedEntry
from reader.importing.readlater.entry_article import EntryArticle, entry_article
from reader.records import CancelCheck, Failed
from reader.store.chunks import chunks

# Below this many text files a pool costs more to start (~0.3 s per worker) than it saves.
POOL_THRESHOLD = 1500
# Web pages cost ~40 ms each to extract, and a worker ~0.45 s more to load the extractor:
# on two cores a pool pays for itself from about 40 pages.
HEAVY_POOL_THRESHOLD = 40
CHUNK = 100
# Chunks in flight per worker: enough that none waits for work, few enough to bound memory.
_AHEAD = 3
# How often a worker checks that the importing process is still there.
PARENT_CHECK_SECONDS = 0.5


class Link(Struct, frozen=True):
    """A web address given to import: its page is fetched and read as a saved page is."""

    url: str


Job = Path | SavedEntry | Link
# The full-text index's form of a text (``FullText.prepare``): a function that pickles.
Prepare = Callable[[str], str]


class Prepared(Struct, frozen=True):
    """A job's article, with its title and body as the full-text index takes them."""

    read: ParsedArticle | EntryArticle
    index_title: str
    index_body: str


Outcome = Prepared | Failed


def parse_one(job: Job, max_bytes: int, prepare: Prepare,
              cancel: CancelCheck | None = None) -> Outcome:
    try:
        if isinstance(job, Path):
            read: ParsedArticle | EntryArticle = load_document(job, max_bytes)
        elif isinstance(job, Link):
            # The HTTP client loads only for an import that has a link in it.
            from reader.importing.link import load_link

            read = load_link(job.url, max_bytes, cancel=cancel)
        else:
            read = entry_article(job, max_bytes)
    except NotAnArticle as exc:
        return Failed(label_of(job), str(exc))
    article = read.article if isinstance(read, EntryArticle) else read
    return Prepared(read, prepare(article.title), prepare(article.body))


def label_of(job: Job) -> str:
    """How the import report names the job: the file's path, the entry's label, the link, in
    a form that can be stored and printed (see ``printable``)."""
    if isinstance(job, Path):
        return printable(str(job))
    return printable(job.url if isinstance(job, Link) else job.label)


def is_heavy(job: Job) -> bool:
    """Whether the job needs the extractor (a web page, an entry with a saved copy, a link)."""
    if isinstance(job, Path):
        return job.suffix.lower() in WEB_PAGE_SUFFIXES
    return isinstance(job, Link) or job.html is not None


def _parse_chunk(jobs: Sequence[Job], max_bytes: int, prepare: Prepare) -> list[Outcome]:
    return [parse_one(job, max_bytes, prepare) for job in jobs]


def _start_worker(parent: int) -> None:
    """Set up a worker process: it leaves Ctrl+C to the importing process and ends with it.

    A terminal sends Ctrl+C to every process of the command, workers included: each would
    print its own KeyboardInterrupt traceback and break the pool, where the importing process
    stops cleanly after the current file. And a killed importing process (kill -9, a crash)
    cannot shut its pool down: its workers would wait for work forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch",
                     daemon=True).start()


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl+C back from this thread while it starts a worker: a new process inherits
    the signal mask, so the worker ignores Ctrl+C from its first instruction on (it spends
    its first second importing modules, long before ``_start_worker`` runs). A Ctrl+C
    meanwhile reaches the importing process as soon as the worker is started."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: consoles signal otherwise
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _watch_parent(parent: int) -> None:
    # When its parent dies, a process is handed to another (init, or a subreaper).
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def worker_count() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def worth_a_pool(jobs: Sequence[Job]) -> bool:
    if len(jobs) >= POOL_THRESHOLD:
        return True
    heavy = 0
    for job in jobs:
        heavy += is_heavy(job)
        if heavy >= HEAVY_POOL_THRESHOLD:
            return True
    return False


def chunk_size(count: int, workers: int) -> int:
    """Jobs per chunk: ``CHUNK``, or fewer when that would leave workers idle (forty pages
    in chunks of a hundred would all go to one worker)."""
    return max(1, min(CHUNK, count // (workers * _AHEAD)))


def parse_files(
    jobs: Sequence[Job], max_bytes: int, prepare: Prepare, workers: int | None = None,
    cancel: CancelCheck | None = None,
) -> Generator[tuple[Job, Outcome], None, None]:
    """Each job with its article (and its texts through ``prepare``) or the reason it
    failed, in the order given.

    Closing the iterator early (a cancelled import) stops the workers. ``cancel`` also
    stops a link's download in this process (workers finish theirs within its time limits).
    """
    workers = worker_count() if workers is None else workers
    if workers <= 1 or not worth_a_pool(jobs):
        for job in jobs:
            yield job, parse_one(job, max_bytes, prepare, cancel)
        return
    # "spawn": forking a process that runs Qt threads (the GUI imports off its main thread)
    # is unsafe.
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                   initializer=_start_worker, initargs=(os.getpid(),))
    pending: deque[tuple[Sequence[Job], Future[list[Outcome]]]] = deque()
    try:
        for chunk in chunks(jobs, chunk_size(len(jobs), workers)):
            with _interrupts_held():  # a submit may start a worker process
                future = executor.submit(_parse_chunk, chunk, max_bytes, prepare)
            pending.append((chunk, future))
            if len(pending) >= workers * _AHEAD:
                yield from _drain_one(pending)
        while pending:
            yield from _drain_one(pending)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _drain_one(
    pending: deque[tuple[Sequence[Job], Future[list[Outcome]]]],
) -> Iterator[tuple[Job, Outcome]]:
    chunk, future = pending.popleft()
    yield from zip(chunk, future.result(), strict=True)
