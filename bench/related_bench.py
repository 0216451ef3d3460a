"""Related articles, tag suggestions and reading statistics at 100,000 articles, each beside
the plainest baseline doing the same work in the same run.

- **index**: the vectors made for every article (the term model counted first), beside a
  raw ``sqlite3`` pass that only reads every article's text; their size beside the
  library file's and the full-text index's.
- **related**: ``library.related.related`` for 40 articles beside FTS5 "more like this" (the
  article's 25 words of highest tf-idf OR'd, bm25) in raw ``sqlite3``, and beside the bare
  numpy product of the same vectors.
- **suggestions**: ``library.related.suggest_tags`` beside the bare numpy product and a raw
  ``sqlite3`` read of the nearest articles' tags.
- **statistics**: ``library.reading.stats`` beside the same groupings in raw ``sqlite3``; the
  statistics window from the menu command to its charts drawn, beside an empty dialog.
- **quality**: the techniques compared on the labelled corpus (``bench.related_quality``).
"""

from __future__ import annotations

import math
import random
import re
import sqlite3
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench import Options
from bench.related_quality import run_quality
from bench.report import Table
from bench.search_bench import ensure_library, percentile

SAMPLE = 40
RELATED_MS_TARGET = 100.0
SUGGEST_MS_TARGET = 150.0
WINDOW_MS_TARGET = 300.0
WORD = re.compile(r"\w+")


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _size(raw: sqlite3.Connection, *like: str) -> int:
    where = " OR ".join("name LIKE ?" for _ in like)
    return int(raw.execute(f"SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE {where}",
                           like).fetchone()[0])


def _index_table(path: Path) -> tuple[Table, Any]:
    from reader import Library

    raw = sqlite3.connect(path)
    raw.execute("DELETE FROM article_vectors")
    raw.execute("DELETE FROM term_models")
    raw.commit()
    library = Library.open(path)
    built = _ms(library.related.refresh) / 1000
    read = _ms(lambda: raw.execute("SELECT title, body FROM articles "
                                   "WHERE deleted_at IS NULL").fetchall()) / 1000
    count = raw.execute("SELECT count(*) FROM article_vectors").fetchone()[0]
    vectors = _size(raw, "article_vectors", "ix_article_vectors%", "term_models")
    fts = _size(raw, "article_fts%")
    table = Table(f"related-articles index: {count:,} articles")
    table.add("build (term model and every vector)", built, read, unit="s", digits=1)
    table.add("index size, stored", vectors / 2**20, path.stat().st_size / 2**20, unit="MB",
              digits=1)
    table.add("  beside the full-text index", vectors / 2**20, fts / 2**20, unit="MB",
              digits=1)
    table.add("index in memory", library.related.snapshot().nbytes / 2**20, None, unit="MB",
              digits=1)
    table.note("build baseline: raw sqlite3 reading every article's title and body once; "
               "size baselines: the library file, and the FTS5 index inside it")
    raw.close()
    return table, library


def _mlt_query(raw: sqlite3.Connection, df: dict[str, int], total: int, article_id: int
               ) -> list[int]:
    title, body = raw.execute("SELECT title, body FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
    counts = Counter(WORD.findall(f"{title} {body}".lower()))
    weight = {w: (1 + math.log(c)) * math.log(total / df.get(w, 1))
              for w, c in counts.items() if w in df}
    best = sorted(weight, key=weight.__getitem__, reverse=True)[:25]
    match = " OR ".join(f'"{w}"' for w in best)
    return [r[0] for r in raw.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH ? "
                                      "ORDER BY bm25(article_fts) LIMIT 11", (match,))]


def _timed(action: Callable[[int], object], sample: list[int]) -> list[float]:
    action(sample[0])
    return [_ms(lambda article_id=article_id: action(article_id)) for article_id in sample]


def _related_table(library: Any, path: Path, sample: list[int]) -> Table:
    raw = sqlite3.connect(path)
    raw.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, article_fts, 'row')")
    df = dict(raw.execute("SELECT term, doc FROM temp.vocab"))
    total = raw.execute("SELECT count(*) FROM article_fts").fetchone()[0]
    snapshot = library.related.snapshot()
    dense = snapshot.rows(np.arange(len(snapshot)))  # float32, as a plain numpy user keeps it
    ours = _timed(library.related.related, sample)
    mlt = _timed(lambda i: _mlt_query(raw, df, total, i), sample)
    numpy_only = _timed(lambda i: np.argpartition(-(dense @ dense[i % len(dense)]), 11)[:11],
                        sample)
    table = Table(f"related articles: {SAMPLE} articles, 10 related each")
    for label, share in (("p50", 0.5), ("p95", 0.95)):
        mine = percentile(ours, share)
        table.add(f"related {label} vs FTS5 more-like-this", mine, percentile(mlt, share),
                  unit="ms", digits=1, target=f"< {RELATED_MS_TARGET:.0f} ms",
                  passed=mine < RELATED_MS_TARGET if label == "p95" else None)
        table.add(f"  {label} vs bare numpy product (float32)", mine,
                  percentile(numpy_only, share), unit="ms", digits=1)
    table.note("the numpy baseline keeps 4x the memory (float32) and lists no article rows")
    raw.close()
    return table


def _suggestion_table(library: Any, path: Path, sample: list[int]) -> Table:
    raw = sqlite3.connect(path)
    snapshot = library.related.snapshot()
    dense = snapshot.rows(np.arange(len(snapshot)))
    ids = snapshot.ids

    def plain(article_id: int) -> object:
        sims = dense @ dense[int(np.searchsorted(ids, article_id)) % len(dense)]
        near = ids[np.argpartition(-sims, 25)[:25]].tolist()
        marks = ",".join("?" * len(near))
        return raw.execute(f"SELECT tag_id, count(*) FROM article_tags WHERE article_id IN "
                           f"({marks}) GROUP BY tag_id", near).fetchall()

    ours = _timed(library.related.suggest_tags, sample)
    theirs = _timed(plain, sample)
    table = Table(f"tag suggestions: {SAMPLE} articles")
    for label, share in (("p50", 0.5), ("p95", 0.95)):
        mine = percentile(ours, share)
        table.add(f"suggest-tags {label}", mine, percentile(theirs, share), unit="ms",
                  digits=1, target=f"< {SUGGEST_MS_TARGET:.0f} ms",
                  passed=mine < SUGGEST_MS_TARGET if label == "p95" else None)
    table.note("baseline: the bare numpy product and a raw sqlite3 count of the 25 nearest "
               "articles' tags")
    table.note("the bench library's tags are its folders, unrelated to the text: nothing "
               "scores high enough to be suggested, but every step runs")
    raw.close()
    return table


_RAW_STATS = (
    "SELECT imported_at, count(*), sum(read = 0 AND deleted_at IS NULL) FROM articles "
    "GROUP BY imported_at",
    "SELECT at, count(*) FROM reading_events WHERE kind = 'read' GROUP BY at",
    "SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id",
    "SELECT source, count(*), sum(read) FROM articles WHERE deleted_at IS NULL "
    "AND source IS NOT NULL GROUP BY source",
)


def _stats_table(library: Any, path: Path) -> Table:
    raw = sqlite3.connect(path)
    ours = [_ms(library.reading.stats) for _ in range(5)]
    theirs = [_ms(lambda: [raw.execute(sql).fetchall() for sql in _RAW_STATS])
              for _ in range(5)]
    opened, empty = _window_times(library)
    table = Table("reading statistics")
    table.add("library.reading.stats()", statistics.median(ours), statistics.median(theirs),
              unit="ms", digits=1)
    table.add("statistics window, command to charts", statistics.median(opened),
              statistics.median(empty), unit="ms", digits=1,
              target=f"< {WINDOW_MS_TARGET:.0f} ms",
              passed=statistics.median(opened) < WINDOW_MS_TARGET)
    table.note("baselines: the grouping queries alone in raw sqlite3; an empty dialog of the "
               "same size, shown and painted")
    raw.close()
    return table


def _window_times(library: Any) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.dialogs.statistics_window import StatisticsWindow
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner()
    opened, empty = [], []
    for _ in range(5):
        started = time.perf_counter()
        window = StatisticsWindow(library, runner)
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        QTimer.singleShot(5000, loop.quit)
        window.show()
        loop.exec()
        window.grab()  # every chart drawn
        opened.append((time.perf_counter() - started) * 1000)
        window.close()
        started = time.perf_counter()
        dialog = QDialog()
        dialog.resize(window.size())
        dialog.show()
        app.processEvents()
        dialog.grab()
        empty.append((time.perf_counter() - started) * 1000)
        dialog.close()
    runner.wait(5000)
    return opened, empty


def run(options: Options) -> None:
    path = ensure_library(options)
    index, library = _index_table(path)
    index.print()
    try:
        live = library.article_ids()
        sample = random.Random(options.seed).sample(live, SAMPLE)
        _related_table(library, path, sample).print()
        _suggestion_table(library, path, sample).print()
        _stats_table(library, path).print()
    finally:
        library.close()
    for table in run_quality():
        table.print()
