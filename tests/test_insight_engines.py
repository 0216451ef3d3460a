"""Related articles, tag suggestions and reading statistics on every engine: the index (a
table of blobs) and the figures speak only SQLAlchemy Core, so a library on a PostgreSQL
server behaves as a file does."""

from __future__ import annotations

from pathlib import Path

from bench.labelled_news import labelled_corpus
from reader import Library
from reader.edits import RecordOpened, SetFlag

BOTH_ENGINES = True
CORPUS = labelled_corpus(120, seed=4, copies=0.05)


def _import(library: Library, folder: Path) -> dict[int, str]:
    folder.mkdir()
    for item in CORPUS:
        (folder / f"{item.index:04d}.txt").write_text(item.file_text(), encoding="utf-8")
    report = library.import_paths([folder])
    ids = {Path(done.path).stem: done.id for done in report.imported}
    return {ids[f"{item.index:04d}"]: item.topic for item in CORPUS}


def test_related_articles_and_suggestions(library: Library, tmp_path: Path) -> None:
    topics = _import(library, tmp_path / "news")
    assert library.related.refresh() == len(topics)
    assert library.related.refresh() == 0
    first = min(topics)
    related = library.related.related(first, limit=5)
    assert sum(not r.near_duplicate for r in related) == 5
    assert first not in {r.summary.id for r in related}
    best = related[0].summary.id
    library.delete_articles([best])
    assert best not in {r.summary.id for r in library.related.related(first, limit=5)}
    library.empty_trash()
    library.update_article(first, title="Football championship final in Brazil")
    assert library.related.refresh() == 1
    ids = sorted(topics)
    for topic in set(topics.values()):
        library.add_tags([i for i in ids[:100] if topics[i] == topic and i != best], [topic])
    suggestions = library.related.suggest_tags(ids[-1])
    assert suggestions and 0 < suggestions[0].score <= 1
    assert {s.tag for s in suggestions} <= set(topics.values())


def test_reading_is_recorded_and_counted(library: Library, tmp_path: Path) -> None:
    topics = _import(library, tmp_path / "news")
    ids = sorted(topics)
    done = library.apply(SetFlag(tuple(ids[:3]), "read", True))
    library.apply(RecordOpened(ids[0]))
    library.add_tags(ids[:2], ["asia"])
    stats = library.reading.stats()
    assert (stats.articles, stats.read) == (len(ids), 3)
    assert stats.read_weekly[-1][1] == 3 and stats.added_monthly[-1][1] == len(ids)
    assert stats.streak == 1
    assert [(s.name, s.read, s.total) for s in stats.by_tag] == [("asia", 2, 2)]
    assert sum(n for _, n in stats.backlog) == len(ids) - 3
    assert done.reverse is not None
    library.apply(done.reverse)  # taken back at once: no reading happened
    assert library.reading.stats().read_weekly[-1][1] == 0
