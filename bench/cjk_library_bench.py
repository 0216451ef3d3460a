"""CJK search in a Broadsheet library of 100,000 mixed articles, beside the same FTS5 query in
raw sqlite3 on the same file; and what indexing every script costs an import.

The corpus is ``bench.cjk_bench``'s: generated English articles and, one in four, Chinese,
Japanese, Korean or Thai ones made of real sentences, written as UTF-8 files once under
``bench/.cache/cjk-corpus-100000-1``. The library is imported from them once (minutes) and
kept as ``bench/.cache/cjk-library-100000.sqlite3``; that import is timed beside the plainest
import of the same files in raw sqlite3 (``bench.import_bench.baseline_import``: one table,
FTS5's ``unicode61`` over the raw text, which finds no word inside a CJK sentence), and the
figures are kept beside the library.

Each query is typed as a user would (a phrase in quotes) and asked for its first page ranked
by relevance; the baseline runs the FTS5 MATCH Broadsheet's index takes for it, ranked by
the same bm25. Recall is the share of the articles a substring search (``instr`` on title
and body) finds that the search finds.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import Options
from bench.cjk_bench import QUERIES, corpus
from bench.import_bench import baseline_import
from bench.report import Table
from bench.search_bench import BM25, PAGE, RUNS, _paired, percentile
from reader.search.tokens import query_terms

ARTICLES = 100_000
SEARCH_MS_TARGET = 50.0
SEARCH_RATIO_TARGET = 2.0


# --- the corpus and the library, built once ---------------------------------------------------


def _corpus_folder(options: Options, count: int) -> Path:
    folder = options.cache_dir / f"cjk-corpus-{count}-{options.seed}"
    marker = folder.with_name(folder.name + ".done")
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(corpus(count, options.seed)):
        # A thousand files a folder: the importer walks them as it would a user's archive.
        sub = folder / f"{number // 1000:03d}"
        if number % 1000 == 0:
            sub.mkdir(exist_ok=True)
        (sub / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    marker.write_text("done\n")
    return folder


def _library_path(options: Options, count: int) -> Path:
    return options.cache_dir / f"cjk-library-{count}.sqlite3"


def _figures_path(options: Options, count: int) -> Path:
    return options.cache_dir / f"cjk-library-{count}.json"


def _is_current(path: Path, figures: Path) -> bool:
    from reader.store.migrations import HEAD

    if not path.exists() or not figures.exists():
        return False
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    return row is not None and row[0] == HEAD


def ensure_library(options: Options, count: int) -> tuple[Path, dict[str, Any]]:
    """The cached mixed library and the figures of the import that built it."""
    target, figures = _library_path(options, count), _figures_path(options, count)
    if _is_current(target, figures):
        return target, json.loads(figures.read_text(encoding="utf-8"))
    folder = _corpus_folder(options, count)
    for stale in target.parent.glob(target.name + "*"):
        stale.unlink()
    measured = _build(target, folder)
    figures.write_text(json.dumps(measured, indent=1), encoding="utf-8")
    return target, measured


def _build(target: Path, folder: Path) -> dict[str, Any]:
    from reader import Library

    partial = target.with_name(target.name + ".partial")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    library = Library.open(partial)
    started = time.perf_counter()
    try:
        report = library.import_paths([folder])
    finally:
        library.close()
    seconds = time.perf_counter() - started
    conn = sqlite3.connect(partial)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    size = partial.stat().st_size
    partial.rename(target)
    with tempfile.TemporaryDirectory(prefix="cjk-baseline-") as tmp:
        base = baseline_import(Path(tmp) / "baseline.sqlite3", folder)
    print(f"built {target} in {seconds:.0f} s", flush=True)
    return {"files": base.files, "imported": len(report.imported), "seconds": seconds,
            "bytes": size, "baseline_seconds": base.seconds, "baseline_bytes": base.db_bytes}


# --- the queries ------------------------------------------------------------------------------

_SQL = (f"SELECT rowid FROM article_fts WHERE article_fts MATCH ? "
        f"ORDER BY {BM25}, rowid LIMIT {PAGE}")


def _typed(kind: str, query: str) -> str:
    return f'"{query}"' if kind == "phrases" else query


def _match(query: str) -> str:
    terms = query_terms(query)
    assert terms is not None
    return terms.fts5()


def _search_table(library: Any, raw: sqlite3.Connection) -> tuple[Table, Table]:
    from reader import ArticleQuery, SortKey

    timing = Table(f"cjk library: first page ({PAGE} ids) of CJK searches ranked, "
                   f"median of {RUNS} runs each")
    recall = Table("cjk library: recall of CJK searches against a substring search")
    ours: list[float] = []
    theirs: list[float] = []
    worst_by_kind: list[tuple[str, float, float]] = []
    for kind, queries in QUERIES.items():
        worst = (0.0, 0.0)
        found = truth_total = 0
        for query in queries:
            truth = {row[0] for row in raw.execute(
                "SELECT id FROM articles WHERE deleted_at IS NULL AND "
                "(instr(body, ?) OR instr(title, ?))", (query, query))}
            if not truth:
                continue
            typed = ArticleQuery(search=_typed(kind, query), sort=SortKey.RELEVANCE)
            match = _match(query)
            mine, base = _paired(lambda typed=typed: library.article_ids(typed, limit=PAGE),
                                 lambda match=match: raw.execute(_SQL, (match,)).fetchall(),
                                 RUNS)
            if library.article_ids(typed, limit=PAGE) != [
                    row[0] for row in raw.execute(_SQL, (match,))]:
                raise AssertionError(f"{query!r}: Broadsheet and the baseline disagree")
            ours.append(mine)
            theirs.append(base)
            worst = (max(worst[0], mine), max(worst[1], base))
            truth_total += len(truth)
            found += len(truth & set(library.article_ids(ArticleQuery(search=typed.search))))
        worst_by_kind.append((f"  {kind} ({len(queries)}) worst", *worst))
        recall.add(kind, found / max(truth_total, 1) * 100, 100.0, unit="%", digits=0,
                   ratio=False)
    for share, label in ((0.5, "p50"), (0.95, "p95")):
        mine, base = percentile(ours, share), percentile(theirs, share)
        passed = mine <= SEARCH_RATIO_TARGET * base and mine < SEARCH_MS_TARGET
        timing.add(f"all queries {label}", mine, base, unit="ms", digits=1,
                   target=f"<= {SEARCH_RATIO_TARGET:.0f}x, < {SEARCH_MS_TARGET:.0f} ms",
                   passed=passed if label == "p95" else None)
    for figure, mine, base in worst_by_kind:
        timing.add(figure, mine, base, unit="ms", digits=1)
    timing.note("baseline: the same FTS5 MATCH and bm25 ranking in raw sqlite3, same file")
    recall.note("baseline: the articles instr(title or body, query) finds, i.e. 100%")
    return timing, recall


def _import_table(figures: dict[str, Any]) -> Table:
    table = Table(f"cjk library: importing {figures['files']:,} mixed files (when it was built)")
    table.add("articles/s", figures["files"] / figures["seconds"],
              figures["files"] / figures["baseline_seconds"], digits=0)
    table.add("db size", figures["bytes"] / 2**20, figures["baseline_bytes"] / 2**20,
              unit="MB", digits=1)
    table.note("baseline: raw sqlite3 executemany plus FTS5 unicode61 over the raw text "
               "(finds no word inside a CJK sentence)")
    return table


def run(options: Options, count: int = ARTICLES) -> None:
    from reader import Library

    path, figures = ensure_library(options, count)
    _import_table(figures).print()
    library = Library.open(path)
    raw = sqlite3.connect(path)
    try:
        timing, recall = _search_table(library, raw)
        timing.print()
        recall.print()
    finally:
        raw.close()
        library.close()
