"""Which technique finds related articles and tags best: measured on the labelled news corpus
(``bench.labelled_news``) in a library built for the run.

- **Broadsheet**: tf-idf vectors projected to 256 dimensions, stored as bytes, all compared
  at once (``reader.related``).
- **FTS5 "more like this"**: the article's 25 words of highest tf-idf OR'd into one full-text
  query, ranked by bm25, in raw ``sqlite3``: what the full-text index can do alone.
- **exact tf-idf**: the same weights without the projection (every word a dimension): the
  ceiling the projection is measured against; too large to keep for 100,000 articles.
- 128 and 512 dimensions: the projection's size against what it keeps.

Tag suggestions: nearest tagged neighbours voting (Broadsheet) against the nearest per-tag
centroid, with 80% of the articles tagged by topic. Near-identical copies: the cosines of
wire copies against those of every other pair, which place the threshold.
"""

from __future__ import annotations

import math
import random
import re
import sqlite3
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from bench.labelled_news import TOPICS, labelled_corpus
from bench.report import Table

ARTICLES = 3000
RELATED = 10
MLT_TERMS = 25
WORD = re.compile(r"\w+")


def _build(folder: Path) -> tuple[Any, list[int], list[Any]]:
    from reader import Library

    corpus = labelled_corpus(ARTICLES)
    for item in corpus:
        (folder / f"{item.index:05d}.txt").write_text(item.file_text(), encoding="utf-8")
    library = Library.open(folder / "library.sqlite3")
    report = library.import_paths([folder])
    by_name = {Path(done.path).stem: done.id for done in report.imported}
    ids = [by_name[f"{item.index:05d}"] for item in corpus]
    library.related.refresh()
    return library, ids, corpus


def _share(found: list[list[int]], labels: dict[int, str], ids: list[int]) -> float:
    return float(np.mean([sum(labels[f] == labels[i] for f in row) / RELATED
                          for i, row in zip(ids, found, strict=True)]))


def _fts_mlt(path: Path, ids: list[int]) -> tuple[list[list[int]], float]:
    """The 25 words of highest tf-idf in each article OR'd, ranked by bm25."""
    raw = sqlite3.connect(path)
    raw.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, article_fts, 'row')")
    df = dict(raw.execute("SELECT term, doc FROM temp.vocab"))
    total = raw.execute("SELECT count(*) FROM article_fts").fetchone()[0]
    found, spent = [], 0.0
    for article_id in ids:
        started = time.perf_counter()
        title, body = raw.execute("SELECT title, body FROM articles WHERE id = ?",
                                  (article_id,)).fetchone()
        counts = Counter(WORD.findall(f"{title} {body}".lower()))
        weight = {w: (1 + math.log(c)) * math.log(total / df.get(w, 1))
                  for w, c in counts.items() if w in df}
        best = sorted(weight, key=weight.get, reverse=True)[:MLT_TERMS]  # type: ignore[arg-type]
        match = " OR ".join(f'"{w}"' for w in best)
        rows = raw.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH ? "
                           "ORDER BY bm25(article_fts) LIMIT ?", (match, RELATED + 1)).fetchall()
        spent += time.perf_counter() - started
        found.append([r[0] for r in rows if r[0] != article_id][:RELATED])
    raw.close()
    return found, spent / len(ids) * 1000


def _matrix_top(matrix: np.ndarray, ids: list[int]) -> list[list[int]]:  # type: ignore[type-arg]
    sims = matrix @ matrix.T
    np.fill_diagonal(sims, -2.0)
    top = np.argsort(-sims, axis=1)[:, :RELATED]
    return [[ids[j] for j in row] for row in top]


def _vectors(corpus: list[Any], dimensions: int | None) -> np.ndarray:  # type: ignore[type-arg]
    from reader.related.vectors import Projector, TermModel, article_terms, telling

    terms = [article_terms(item.title, item.body) for item in corpus]
    model = TermModel.count(terms)
    if dimensions is not None:
        projector = Projector(model, dimensions)
        return np.stack([projector.vector(t) for t in terms])
    vocabulary = {w: n for n, w in enumerate(sorted({w for t in terms for w in t}))}
    exact = np.zeros((len(terms), len(vocabulary)), dtype=np.float32)
    for row, counted in enumerate(terms):
        for word, count in counted.items():
            if telling(word):  # as the projection weighs them
                exact[row, vocabulary[word]] = (1 + math.log(count)) * model.idf(word)
    return exact / np.linalg.norm(exact, axis=1, keepdims=True)


def _related_table(library: Any, ids: list[int], corpus: list[Any]) -> Table:
    labels = {i: item.topic for i, item in zip(ids, corpus, strict=True)}
    table = Table(f"related articles: share of the {RELATED} related that share the topic, "
                  f"{ARTICLES:,} labelled articles")
    sample = ids[::3]
    started = time.perf_counter()
    ours = [[r.summary.id for r in library.related.related(i) if not r.near_duplicate]
            for i in sample]
    per_query = (time.perf_counter() - started) / len(sample) * 1000
    mlt, mlt_ms = _fts_mlt(library.path, sample)
    mine = _share(ours, labels, sample)
    table.add("Broadsheet (256 dims, bytes)", mine, _share(mlt, labels, sample),
              digits=3, target=">= 0.85", passed=mine >= 0.85)
    table.add("  ms a query (at this size)", per_query, mlt_ms, unit="ms", digits=1)
    for label, dims in (("exact tf-idf", None), ("128 dims", 128), ("512 dims", 512)):
        found = _matrix_top(_vectors(corpus, dims), ids)
        rows = [found[ids.index(i)] for i in sample]
        table.add(f"  {label} (float32, no byte storage)", _share(rows, labels, sample),
                  None, digits=3, ratio=False)
    table.note("baseline: FTS5 'more like this' (25 top tf-idf words OR'd, bm25) in raw "
               "sqlite3 on the same library")
    return table


def _suggestion_table(library: Any, ids: list[int], corpus: list[Any]) -> Table:
    labels = {i: item.topic for i, item in zip(ids, corpus, strict=True)}
    shuffled = list(ids)
    random.Random(5).shuffle(shuffled)
    tagged, held = shuffled[: len(ids) * 4 // 5], shuffled[len(ids) * 4 // 5 :]
    for topic in TOPICS:
        library.add_tags([i for i in tagged if labels[i] == topic], [topic])
    right = sum(bool(s := library.related.suggest_tags(i)) and s[0].tag == labels[i]
                for i in held) / len(held)
    vectors = _vectors(corpus, 256)
    row = {i: n for n, i in enumerate(ids)}
    centroids = np.stack([vectors[[row[i] for i in tagged if labels[i] == t]].mean(axis=0)
                          for t in TOPICS])
    centroid_right = float(np.mean([TOPICS[int(np.argmax(centroids @ vectors[row[i]]))]
                                    == labels[i] for i in held]))
    table = Table("tag suggestions: top suggestion right, 80% tagged by topic")
    table.add("neighbours voting (Broadsheet)", right, centroid_right, digits=3,
              target=">= 0.90", passed=right >= 0.9)
    table.note("baseline: the tag whose centroid (mean vector of its articles) is nearest")
    return table


def _duplicate_table(library: Any, ids: list[int], corpus: list[Any]) -> Table:
    from reader.related.finding import NEAR_DUPLICATE

    vectors = _vectors(corpus, 256)
    sims = vectors @ vectors.T
    copies = np.zeros_like(sims, dtype=bool)
    root = {item.index: item.copy_of if item.copy_of is not None else item.index
            for item in corpus}
    for a in corpus:
        for b in corpus:
            if a.index != b.index and root[a.index] == root[b.index]:
                copies[a.index, b.index] = True
    np.fill_diagonal(sims, -1.0)
    copy_sims = sims[copies]
    others = sims[~copies]
    index_of = {article_id: n for n, article_id in enumerate(ids)}
    right = wrong = 0
    for article_id in ids:
        for found in library.related.related(article_id):
            if found.near_duplicate:
                same = root[index_of[found.summary.id]] == root[index_of[article_id]]
                right, wrong = right + same, wrong + (not same)
    table = Table(f"near-identical copies: cosines, threshold {NEAR_DUPLICATE}")
    table.add("lowest cosine of a wire copy", float(copy_sims.min()), None, digits=3,
              ratio=False)
    table.add("highest cosine of two other articles", float(others.max()), None, digits=3,
              ratio=False)
    table.add("copies marked / other articles marked", right, wrong, ratio=False)
    table.note(f"{int(copies.sum()) // 2} pairs of copies among {len(ids):,} articles")
    return table


def run_quality() -> list[Table]:
    with tempfile.TemporaryDirectory(prefix="broadsheet-related-") as folder:
        library, ids, corpus = _build(Path(folder))
        try:
            return [_related_table(library, ids, corpus),
                    _duplicate_table(library, ids, corpus),
                    _suggestion_table(library, ids, corpus)]
        finally:
            library.close()
