"""Importing article files: discovery, parsing, de-duplication and bulk writes.

Files are streamed in batches; each batch is one transaction that inserts its articles with
one executemany and has the full-text index take the whole batch at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, insert, select

from reader.catalog import tags as tag_ops
from reader.catalog.articles import now
from reader.importing.parse_pool import Outcome, parse_files
from reader.importing.parsing import DEFAULT_MAX_BYTES, ParsedArticle
from reader.records import (
    CancelCheck,
    Duplicate,
    Failed,
    Imported,
    ImportProgress,
    ImportReport,
    ProgressCallback,
    Warning_,
)
from reader.store.interface import Store, sql_for
from reader.store.schema import articles

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
BATCH_SIZE = 2000


@dataclass(frozen=True, slots=True)
class _Parsed:
    path: str
    article: ParsedArticle


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Failed]:
    """Article files under ``paths``, recursively; failures for paths that cannot be walked.

    A file named explicitly is taken whatever its suffix; inside folders only ``.txt`` and
    ``.md`` count, hidden entries are skipped, and each folder is walked once even when
    symlinks make a loop.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, seen_dirs)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Failed(str(path), "no such file or folder")


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Failed]:
    try:
        info = folder.stat()
    except OSError as exc:
        yield Failed(str(folder), f"unreadable folder: {exc.strerror or exc}")
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        return
    seen.add(identity)
    try:
        with os.scandir(folder) as entries:
            children = sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        yield Failed(str(folder), f"unreadable folder: {exc.strerror or exc}")
        return
    for entry in children:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), seen)
        elif Path(entry.name).suffix.lower() in ARTICLE_SUFFIXES:
            yield Path(entry.path)


class Importer:
    """One import run: feed it files, it writes them in batches and fills a report."""

    def __init__(
        self,
        store: Store,
        tag_names: Sequence[str] = (),
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = BATCH_SIZE,
        workers: int | None = None,
        on_batch: Callable[[list[int]], None] | None = None,
    ) -> None:
        self._store = store
        self._tag_names = [tag_ops.normalize_name(name) for name in tag_names]
        self._max_bytes = max_bytes
        self._batch_size = batch_size
        self._workers = workers
        # Told the ids of each batch once it is committed, so lists can grow as articles land.
        self._on_batch = on_batch
        self.report = ImportReport()

    def run(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> ImportReport:
        found = list(discover(paths))
        total = len(found)
        files = [item for item in found if isinstance(item, Path)]
        done = 0
        for failure in (item for item in found if isinstance(item, Failed)):
            done += 1
            self.report.failed.append(failure)
            if progress is not None:
                progress(self._progress(done, total, failure.path))
        batch: list[_Parsed] = []
        outcomes = parse_files(files, self._max_bytes, self._workers)
        try:
            for path, outcome in outcomes:
                if cancel is not None and cancel():
                    self.report.cancelled = True
                    break
                done += 1
                parsed = self._accept(path, outcome)
                if parsed is not None:
                    batch.append(parsed)
                if len(batch) >= self._batch_size:
                    self._write(batch)
                    batch = []
                if progress is not None:
                    progress(self._progress(done, total, str(path)))
        finally:
            outcomes.close()
        if batch:
            self._write(batch)
        return self.report

    def _progress(self, done: int, total: int, path: str) -> ImportProgress:
        return ImportProgress(
            done=done,
            total=total,
            path=path,
            imported=len(self.report.imported),
            duplicates=len(self.report.duplicates),
            failed=len(self.report.failed),
        )

    def _accept(self, path: Path, outcome: Outcome) -> _Parsed | None:
        if isinstance(outcome, Failed):
            self.report.failed.append(outcome)
            return None
        for message in outcome.warnings:
            self.report.warnings.append(Warning_(str(path), message))
        return _Parsed(str(path), outcome)

    def _write(self, batch: list[_Parsed]) -> None:
        with self._store.write() as conn:
            known, trashed = _existing_hashes(conn, [item.article.content_hash for item in batch])
            fresh: list[_Parsed] = []
            for item in batch:
                if item.article.content_hash not in known:
                    known[item.article.content_hash] = 0  # placeholder until inserted
                    fresh.append(item)
            new_ids = _insert(conn, fresh)
            known.update(new_ids)
            if self._tag_names and new_ids:
                tag_ids = tag_ops.ensure_ids(conn, self._tag_names)
                tag_ops.link(conn, list(new_ids.values()), tag_ids)
        fresh_paths = {id(item) for item in fresh}
        for item in batch:
            article_id = known[item.article.content_hash]
            if id(item) in fresh_paths:
                self.report.imported.append(Imported(item.path, article_id))
            else:
                self.report.duplicates.append(
                    Duplicate(item.path, article_id, in_trash=article_id in trashed)
                )
        if new_ids and self._on_batch is not None:
            self._on_batch(list(new_ids.values()))


def _existing_hashes(conn: Connection, hashes: list[str]) -> tuple[dict[str, int], set[int]]:
    """The ids of articles already holding ``hashes``, and which of those are in the trash.

    The trash state comes with the same lookup so a batch costs one query however many of its
    files are duplicates; articles inserted later in the batch are never in the trash.
    """
    in_trash = articles.c.deleted_at.is_not(None)  # a flag, not a timestamp to parse per row
    rows = conn.execute(
        select(articles.c.content_hash, articles.c.id, in_trash).where(
            articles.c.content_hash.in_(hashes)
        )
    )
    known: dict[str, int] = {}
    trashed: set[int] = set()
    for content_hash, article_id, deleted in rows:
        known[content_hash] = article_id
        if deleted:
            trashed.add(article_id)
    return known, trashed


def _insert(conn: Connection, batch: list[_Parsed]) -> dict[str, int]:
    if not batch:
        return {}
    before = conn.execute(select(func.coalesce(func.max(articles.c.id), 0))).scalar_one()
    stamp = now()
    conn.execute(
        insert(articles),
        [
            {
                "title": item.article.title,
                "body": item.article.body,
                "published": item.article.published,
                "source": None,
                "path": item.path,
                "content_hash": item.article.content_hash,
                "imported_at": stamp,
            }
            for item in batch
        ],
    )
    sql_for(conn).text_index.index_new(conn, before)
    rows = conn.execute(
        select(articles.c.content_hash, articles.c.id).where(articles.c.id > before)
    )
    return {content_hash: article_id for content_hash, article_id in rows}
