"""Importing article files: discovery, parsing, de-duplication and bulk writes.

Files are streamed in batches; each batch is one transaction that inserts its articles with
one executemany and has the full-text index take the whole batch at once. A read-later
export is read into its entries first, and each entry is one result of the import.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Connection

from reader.catalog import tags as tag_ops
from reader.catalog.article_text import fill_text
from reader.catalog.articles import now, set_column
from reader.errors import InvalidValue
from reader.importing.batch_writes import Known, Parsed, add_extras, insert_articles, known
from reader.importing.discovery import discover, jobs_of
from reader.importing.parse_pool import Job, Outcome, label_of, parse_files
from reader.importing.parsing import DEFAULT_MAX_BYTES
from reader.importing.readlater.entry_article import EntryArticle
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
from reader.store.interface import Store

BATCH_SIZE = 2000


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
        record: Callable[[Connection, list[int]], None] | None = None,
    ) -> None:
        self._store = store
        self._tag_names = [tag_ops.normalize_name(name) for name in tag_names]
        self._max_bytes = max_bytes
        self._batch_size = batch_size
        self._workers = workers
        # Told the ids of each batch once it is committed, so lists can grow as articles
        # land; ``batch_tagged`` says meanwhile whether that batch linked tags.
        self._on_batch = on_batch
        self._record = record  # logs a batch's changes inside its transaction
        self.batch_tagged = False
        self.batch_filled: list[int] = []  # stored without text, given it by this batch
        self.report = ImportReport()

    def run(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> ImportReport:
        jobs: list[Job] = []
        for found in discover(paths):
            expanded = found if isinstance(found, Failed) else jobs_of(found)
            if isinstance(expanded, Failed):
                self.report.failed.append(expanded)
            else:
                jobs += expanded
        total = len(jobs) + len(self.report.failed)
        done = 0
        for failure in list(self.report.failed):
            done += 1
            if progress is not None:
                progress(self._progress(done, total, failure.path))
        batch: list[Parsed] = []
        prepare = self._store.sql.text_index.prepare
        outcomes = parse_files(jobs, self._max_bytes, prepare, self._workers, cancel)
        try:
            for job, outcome in outcomes:
                if cancel is not None and cancel():
                    self.report.cancelled = True
                    break
                done += 1
                parsed = self._accept(outcome, job)
                if parsed is not None:
                    batch.append(parsed)
                if len(batch) >= self._batch_size:
                    self._write(batch)
                    batch = []
                if progress is not None:
                    progress(self._progress(done, total, label_of(job)))
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

    def _accept(self, outcome: Outcome, job: Job) -> Parsed | None:
        if isinstance(outcome, Failed):
            self.report.failed.append(outcome)
            return None
        label, read = label_of(job), outcome.read
        texts = (outcome.index_title, outcome.index_body)
        if isinstance(read, EntryArticle):
            parsed = Parsed(label, read.article, *texts, read.entry, read.highlights)
        else:
            parsed = Parsed(label, read, *texts)
        for message in parsed.article.warnings:
            self.report.warnings.append(Warning_(label, message))
        return parsed

    def _warn(self, path: str, message: str) -> None:
        self.report.warnings.append(Warning_(path, message))

    def _write(self, batch: list[Parsed]) -> None:
        stamp = now()
        results: list[tuple[Parsed, int, str | None]] = []  # (item, id or -index-1, by)
        filled: list[Parsed] = []
        with self._store.write() as conn:
            found = known(conn, batch)
            fresh: list[Parsed] = []
            for item in batch:
                match = found.match(item)
                if match is None:
                    found.add(item, -len(fresh) - 1)
                    results.append((item, -len(fresh) - 1, None))
                    fresh.append(item)
                elif self._fills(conn, found, item, *match):
                    results.append((item, match[0], "filled"))
                    filled.append(item)
                else:
                    results.append((item, match[0], match[1]))
            ids = insert_articles(conn, fresh, stamp)
            self.batch_filled = [article_id for _item, article_id, by in results
                                 if by == "filled"]
            self.batch_tagged = add_extras(conn, [*fresh, *filled], [*ids, *self.batch_filled],
                                           self._tag_names, stamp, self._warn)
            if (ids or self.batch_filled) and self._record is not None:
                self._record(conn, ids)
        self._report(results, ids, found.trashed)
        if (ids or self.batch_filled) and self._on_batch is not None:
            self._on_batch(ids)

    def _fills(self, conn: Connection, found: Known, item: Parsed, article_id: int,
               by: str) -> bool:
        """Whether ``item`` gave its text to the stored article of its address, which had
        none (a read-later entry saved before without its text)."""
        if by != "address" or article_id not in found.awaiting or not item.article.text_fetched:
            return False
        try:
            fill_text(conn, article_id, item.article)
        except InvalidValue:
            return False
        found.awaiting.discard(article_id)
        found.by_hash[item.article.content_hash] = article_id
        entry = item.entry
        for flag in ("read", "starred"):  # what the service says is kept, not lost
            if entry is not None and getattr(entry, flag):
                set_column(conn, [article_id], flag, True)
        return True

    def _report(self, results: list[tuple[Parsed, int, str | None]], ids: list[int],
                trashed: set[int]) -> None:
        for item, article_id, by in results:
            if article_id < 0:
                article_id = ids[-article_id - 1]
            if by is None or by == "filled":
                self.report.imported.append(Imported(item.path, article_id))
                if by == "filled":
                    self._warn(item.path, f"gave its text to article {article_id}, which was "
                                          "saved before without it")
            else:
                self.report.duplicates.append(Duplicate(
                    item.path, article_id, in_trash=article_id in trashed,
                    by="address" if by == "address" else "text"))
