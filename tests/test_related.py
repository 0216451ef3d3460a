"""Related articles and tag suggestions through ``library.related``: what is listed and what
never is, near-identical copies, and the index kept level with imports, edits, the Trash,
deletion, restores, upgrades and read-only libraries; on both engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from bench.labelled_news import LabelledArticle, labelled_corpus
from reader import Library, NotFound
from reader.related.thresholds import MIN_TAGGED
from reader.store.schema import article_vectors, term_models
from tests.library_tables import rows, write

BOTH_ENGINES = True
CORPUS = labelled_corpus(240, seed=3)


def _import(library: Library, folder: Path, corpus: list[LabelledArticle]) -> dict[int, str]:
    """Import ``corpus`` as files; returns each article's id with its topic."""
    folder.mkdir(exist_ok=True)
    for item in corpus:
        (folder / f"{item.index:04d}.txt").write_text(item.file_text(), encoding="utf-8")
    report = library.import_paths([folder])
    by_name = {Path(done.path).name: done.id for done in report.imported}
    return {by_name[f"{item.index:04d}.txt"]: item.topic for item in corpus
            if f"{item.index:04d}.txt" in by_name}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    """A library of the corpus, indexed once for the module; each test gets a copy."""
    folder = tmp_path_factory.mktemp("indexed")
    with Library.open(folder / "library.sqlite3") as made:
        found = _import(made, folder / "news", CORPUS)
        made.related.refresh()
    return folder / "library.sqlite3", found


@pytest.fixture()
def topics(library: Library, engine: str, indexed: tuple[Path, dict[int, str]],
           tmp_path: Path) -> dict[int, str]:
    """``library`` holding the indexed corpus: each article's id with its topic. A file is
    copied; a server's database is made the way a file was."""
    if engine != "sqlite":
        found = _import(library, tmp_path / "news", CORPUS)
        library.related.refresh()
        assert found == indexed[1]  # the same ids, so both engines are asked the same
        return found
    library.close()
    shutil.copyfile(indexed[0], library.path)
    return indexed[1]


def _vector_rows(library: Library) -> dict[int, int]:
    return dict(rows(library, select(article_vectors.c.article_id, article_vectors.c.model)))


def _vectors(library: Library) -> dict[int, bytes]:
    return {article_id: bytes(vector) for article_id, vector in rows(
        library, select(article_vectors.c.article_id, article_vectors.c.vector))}


def test_related_articles_are_alike_and_never_the_article_itself(
        library: Library, topics: dict[int, str]) -> None:
    first = next(iter(topics))
    related = library.related.related(first, limit=5)
    plain = [item for item in related if not item.near_duplicate]
    assert len(plain) == 5
    assert first not in {item.summary.id for item in related}
    assert [item.similarity for item in plain] == sorted(
        (item.similarity for item in plain), reverse=True)
    assert sum(topics[item.summary.id] == topics[first] for item in plain) >= 3


def test_a_wire_copy_is_marked_and_takes_no_place(library: Library, tmp_path: Path) -> None:
    corpus = labelled_corpus(400, seed=11, copies=0.05)
    ids = _import(library, tmp_path / "news", corpus)
    library.related.refresh()
    by_index = dict(zip((item.index for item in corpus), ids, strict=True))
    copy = next(item for item in corpus if item.copy_of is not None)
    original = by_index[copy.copy_of]
    related = library.related.related(original, limit=4)
    marked = [item.summary.id for item in related if item.near_duplicate]
    assert by_index[copy.index] in marked
    assert sum(not item.near_duplicate for item in related) == 4
    # No article that is not a copy of it is marked.
    copies = {by_index[item.index] for item in corpus if item.copy_of == copy.copy_of}
    assert set(marked) <= copies


def test_trashed_articles_are_not_listed_and_come_back_restored(
        library: Library, topics: dict[int, str]) -> None:
    first = next(iter(topics))
    best = library.related.related(first, limit=3)[0].summary.id
    library.delete_articles([best])
    assert best not in {item.summary.id for item in library.related.related(first, limit=3)}
    library.restore_articles([best])
    assert library.related.related(first, limit=3)[0].summary.id == best


def test_articles_deleted_for_good_leave_the_index(library: Library,
                                                   topics: dict[int, str]) -> None:
    first = next(iter(topics))
    best = library.related.related(first, limit=3)[0].summary.id
    library.delete_articles([best])
    library.empty_trash()
    assert best not in _vector_rows(library)
    assert best not in {item.summary.id for item in library.related.related(first, limit=3)}


def test_imported_articles_join_at_the_next_refresh(library: Library, tmp_path: Path) -> None:
    first = _import(library, tmp_path / "a", CORPUS[:160])
    library.related.refresh()
    later = _import(library, tmp_path / "b", CORPUS[160:])  # too few to count words again
    assert set(later).isdisjoint(_vector_rows(library))
    assert library.related.refresh() == len(later)
    assert set(first) | set(later) == set(_vector_rows(library))
    assert library.related.refresh() == 0  # nothing left to make


def test_a_library_that_doubled_counts_its_words_again_and_remakes_every_vector(
        library: Library, tmp_path: Path) -> None:
    _import(library, tmp_path / "a", CORPUS[:100])
    library.related.refresh()
    before = set(_vector_rows(library).values())
    _import(library, tmp_path / "b", CORPUS[100:])
    assert library.related.refresh() == len(CORPUS)
    after = set(_vector_rows(library).values())
    assert len(after) == 1 and after.isdisjoint(before)  # one model, not the old one
    assert library.related.refresh() == 0


def test_a_changed_title_is_indexed_again(library: Library, topics: dict[int, str]) -> None:
    first = next(iter(topics))
    library.update_article(first, title="Football championship final match in Brazil")
    assert _vector_rows(library)[first] == 0  # stale, still in use until made again
    assert library.related.refresh() == 1
    assert _vector_rows(library)[first] != 0
    library.update_article(first, published=None)  # the date is no part of the vector
    assert _vector_rows(library)[first] != 0


def test_the_index_follows_a_library_restored_from_an_export(
        library: Library, topics: dict[int, str], tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    library.transfer.export_json(export)
    with Library.open(tmp_path / "restored.sqlite3") as restored:
        restored.transfer.restore(export)
        first = next(iter(topics))
        assert restored.related.related(first) == []  # nothing made yet
        assert restored.related.refresh() == len(topics)
        assert [i.summary.id for i in restored.related.related(first)] == [
            i.summary.id for i in library.related.related(first)]


def test_a_read_only_library_is_indexed_in_memory(
        library: Library, topics: dict[int, str], library_location: str) -> None:
    write(library, delete(article_vectors))
    write(library, delete(term_models))
    first = next(iter(topics))
    with Library.open(library_location, read_only=True) as frozen:
        assert frozen.related.refresh() == len(topics)
        assert len(frozen.related.related(first, limit=5)) >= 5
    assert _vector_rows(library) == {}


def test_an_unknown_article_is_not_found(library: Library, topics: dict[int, str]) -> None:
    with pytest.raises(NotFound):
        library.related.related(99_999)
    with pytest.raises(NotFound):
        library.related.suggest_tags(99_999)


def test_too_small_a_library_has_nothing_to_relate(library: Library, tmp_path: Path) -> None:
    only = _import(library, tmp_path / "one", CORPUS[:1])
    assert library.related.refresh() == 0
    assert library.related.related(next(iter(only))) == []


# --- tag suggestions --------------------------------------------------------------------------


def _tag_by_topic(library: Library, topics: dict[int, str], ids: list[int]) -> None:
    for topic in set(topics.values()):
        library.add_tags([i for i in ids if topics[i] == topic], [topic])


def test_suggestions_are_existing_tags_the_article_lacks(
        library: Library, topics: dict[int, str]) -> None:
    ids = list(topics)
    _tag_by_topic(library, topics, ids[:200])
    untagged = ids[200]
    suggestions = library.related.suggest_tags(untagged)
    assert suggestions and suggestions[0].tag == topics[untagged]
    assert all(0.0 < s.score <= 1.0 for s in suggestions)
    names = {tag.name for tag in library.tags()}
    assert {s.tag for s in suggestions} <= names
    library.add_tags([untagged], [suggestions[0].tag])
    assert suggestions[0].tag not in {s.tag for s in library.related.suggest_tags(untagged)}


def test_no_suggestion_below_the_tagged_threshold(library: Library,
                                                   topics: dict[int, str]) -> None:
    ids = list(topics)
    _tag_by_topic(library, topics, ids[: MIN_TAGGED - 1])
    assert library.related.suggest_tags(ids[-1]) == []
    _tag_by_topic(library, topics, ids[MIN_TAGGED - 1 : 200])
    assert library.related.suggest_tags(ids[-1]) != []


def test_a_tag_on_every_other_article_by_chance_is_not_suggested(
        library: Library, topics: dict[int, str]) -> None:
    ids = list(topics)
    library.add_tags(ids[:200:2], ["longread"])
    assert "longread" not in {s.tag for s in library.related.suggest_tags(ids[-1])}


def test_vectors_made_on_worker_processes_are_the_same(
        library: Library, topics: dict[int, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.related import vector_pool

    alone = _vectors(library)
    write(library, delete(article_vectors))
    monkeypatch.setattr(vector_pool, "POOL_THRESHOLD", 10)
    monkeypatch.setattr(vector_pool, "workers", lambda: 2)
    assert library.related.refresh() == len(topics)
    assert _vectors(library) == alone
