"""Importing folders of mixed files: results per file, duplicates, batches, cancel, tags."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from reader import ArticleQuery, ImportProgress, Library
from reader.importing.importer import Importer

BOTH_ENGINES = True


SEED = (
    " date 2024-03-20 Amid escalating tensions, a missile was launched toward the eastern sea "
    "this morning, officials said.\n\nBackground\n\nThe programme has been a point of "
    "contention for years.\n"
)
TITLED = (
    "Markets rally on rate hopes\n\n"
    "Shares rose sharply in early trading as investors bet on cuts.\n"
)


def _article(n: int) -> str:
    return f"Story number {n}\n\nThis is the body of story {n}, with enough words to count.\n"


@pytest.fixture()
def lib(library_location: str) -> Iterator[Library]:
    library = Library.open(library_location)
    yield library
    library.close()


def _mixed_folder(root: Path) -> Path:
    folder = root / "incoming"
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / "seed.txt").write_text(SEED)
    (folder / "nested" / "titled.md").write_text(TITLED)
    (folder / "nested" / "deeper" / "copy.txt").write_bytes(TITLED.replace("\n", "\r\n").encode())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 ignored by suffix")
    (folder / ".hidden.txt").write_text(_article(99))
    (folder / "pound.txt").write_bytes(
        "Prices\n\nA pint now costs £5 in the city centre, up from £4.\n".encode("cp1252")
    )
    return folder


def test_each_file_gets_one_result_and_good_files_land(lib: Library, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    report = lib.import_paths([folder])
    imported = {Path(i.path).name for i in report.imported}
    # copy.txt and titled.md hold the same text: whichever is met first is the original.
    assert imported - {"copy.txt", "titled.md"} == {"seed.txt", "pound.txt"}
    assert len(imported & {"copy.txt", "titled.md"}) == 1
    (duplicate,) = report.duplicates
    assert {Path(duplicate.path).name} | (imported & {"copy.txt", "titled.md"}) == {
        "copy.txt", "titled.md"}
    original = next(i for i in report.imported if i.path.endswith(("copy.txt", "titled.md")))
    assert duplicate.of == original.id
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    assert set(reasons) == {"empty.txt", "image.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["image.txt"] or "not text" in reasons["image.txt"]
    assert lib.counts().total == 3
    pound = next(i.id for i in report.imported if i.path.endswith("pound.txt"))
    assert "£5" in lib.article(pound).body


def test_duplicates_are_found_across_runs(lib: Library, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    first = lib.import_paths([folder])
    second = lib.import_paths([folder])
    assert second.imported == []
    originals = {i.path: i.id for i in first.imported}
    for duplicate in second.duplicates:
        if duplicate.path in originals:
            assert duplicate.of == originals[duplicate.path]
    assert lib.counts().total == 3


def test_whitespace_and_encoding_do_not_defeat_dedup(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TITLED)
    (tmp_path / "b.txt").write_bytes(("\ufeff" + TITLED.replace(" ", "  ")).encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(TITLED.encode("utf-16"))
    report = lib.import_paths(sorted(tmp_path.glob("*.txt")))
    assert len(report.imported) == 1
    assert len(report.duplicates) == 2


def test_missing_path_and_explicit_file_of_any_suffix(lib: Library, tmp_path: Path) -> None:
    explicit = tmp_path / "story.text"
    explicit.write_text(TITLED)
    report = lib.import_paths([explicit, tmp_path / "nope"])
    assert [Path(i.path).name for i in report.imported] == ["story.text"]
    assert report.failed[0].reason == "no such file or folder"


def test_symlink_loops_are_walked_once(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "one.txt").write_text(_article(1))
    os.symlink(folder, folder / "again")
    report = lib.import_paths([folder])
    assert len(report.imported) == 1
    assert report.duplicates == [] and report.failed == []


def test_batches_progress_and_tags(lib: Library, tmp_path: Path) -> None:
    for n in range(23):
        (tmp_path / f"{n:03}.txt").write_text(_article(n))
    seen: list[ImportProgress] = []
    importer = Importer(lib._store, ["batch/test"], batch_size=5)
    report = importer.run([tmp_path], seen.append)
    assert len(report.imported) == 23
    assert [p.done for p in seen] == list(range(1, 24))
    assert all(p.total == 23 for p in seen)
    # Counts follow committed batches: never ahead of the files read, never going back.
    imported_counts = [p.imported for p in seen]
    assert imported_counts == sorted(imported_counts)
    assert all(p.imported <= p.done for p in seen)
    assert imported_counts[-1] == 20
    assert lib.count(ArticleQuery(tag="batch")) == 23
    with_tag = lib.import_paths([tmp_path], tags=["Batch/Test"])
    assert with_tag.imported == [] and len(with_tag.duplicates) == 23
    assert [(t.name, t.count) for t in lib.tags()] == [("batch/test", 23)]


def test_cancel_keeps_what_is_done(lib: Library, tmp_path: Path) -> None:
    for n in range(30):
        (tmp_path / f"{n:03}.txt").write_text(_article(n))
    done: list[int] = []
    report = lib.import_paths(
        [tmp_path], progress=lambda p: done.append(p.done), cancel=lambda: len(done) >= 12
    )
    assert report.cancelled
    assert len(report.imported) == 12
    assert lib.counts().total == 12
    rest = lib.import_paths([tmp_path])
    assert len(rest.imported) == 18 and len(rest.duplicates) == 12


def test_size_limit_is_reported(lib: Library, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(_article(1) + "word " * 5000)
    report = lib.import_paths([big], max_bytes=10_000)
    assert report.imported == []
    assert "limit" in report.failed[0].reason


def test_impossible_date_imports_without_date_and_warns(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "feb.txt"
    path.write_text(" date 2024-02-30 Something happened on a day that does not exist at all.\n")
    report = lib.import_paths([path])
    assert len(report.imported) == 1
    assert lib.article(report.imported[0].id).published is None
    assert report.warnings and "2024-02-30" in report.warnings[0].message


def test_listeners_hear_of_each_batch_as_it_lands(lib: Library, tmp_path: Path) -> None:
    for n in range(12):
        (tmp_path / f"{n:03}.txt").write_text(_article(n))
    heard: list[frozenset[int]] = []
    lib.subscribe(lambda changes: heard.append(changes.added) if changes.added else None)
    importer = Importer(lib._store, batch_size=5, on_batch=lambda ids: heard.append(
        frozenset(ids)))
    report = importer.run([tmp_path])
    assert [len(batch) for batch in heard] == [5, 5, 2]
    assert frozenset().union(*heard) == {i.id for i in report.imported}
    heard.clear()
    (tmp_path / "new.txt").write_text(_article(99))
    lib.import_paths([tmp_path])
    assert len(heard) == 1 and len(heard[0]) == 1


def test_a_duplicate_of_a_trashed_article_says_it_is_in_the_trash(
    lib: Library, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "gone.txt").write_text(_article(1))
    (first / "kept.txt").write_text(_article(2))
    ids = {Path(i.path).name: i.id for i in lib.import_paths([first]).imported}
    assert lib.delete_articles([ids["gone.txt"]]) == 1
    again = tmp_path / "again"
    again.mkdir()
    (again / "gone_copy.txt").write_text(_article(1))
    (again / "kept_copy.txt").write_text(_article(2))
    # A file duplicated within one import keeps being reported against the new article.
    (again / "new.txt").write_text(_article(3))
    (again / "new_copy.txt").write_text(_article(3))
    report = lib.import_paths([again])
    (new,) = report.imported
    assert Path(new.path).name == "new.txt"
    assert {Path(d.path).name: (d.of, d.in_trash) for d in report.duplicates} == {
        "gone_copy.txt": (ids["gone.txt"], True),
        "kept_copy.txt": (ids["kept.txt"], False),
        "new_copy.txt": (new.id, False),
    }
    # Importing a copy does not bring the original back: it is still only in the Trash.
    assert lib.counts().trash == 1
    assert ids["gone.txt"] not in lib.article_ids()
    lib.restore_articles([ids["gone.txt"]])
    (back,) = lib.import_paths([again / "gone_copy.txt"]).duplicates
    assert (back.of, back.in_trash) == (ids["gone.txt"], False)


def test_the_trash_state_costs_no_query_per_file(lib: Library, tmp_path: Path) -> None:
    for n in range(12):
        (tmp_path / f"{n:03}.txt").write_text(_article(n))
    originals = {Path(i.path).name: i.id for i in lib.import_paths([tmp_path]).imported}
    trashed = {name for name in originals if int(name[:3]) % 2}
    lib.delete_articles([originals[name] for name in trashed])

    def reimport(paths: list[Path]) -> tuple[int, dict[str, bool]]:
        executed: list[object] = []

        def count(*args: object) -> None:
            executed.append(args)

        event.listen(lib._store.engine, "before_cursor_execute", count)
        try:
            report = Importer(lib._store, batch_size=50).run(paths)
        finally:
            event.remove(lib._store.engine, "before_cursor_execute", count)
        return len(executed), {Path(d.path).name: d.in_trash for d in report.duplicates}

    one_statements, one = reimport([tmp_path / "001.txt"])
    all_statements, every = reimport([tmp_path])
    assert one == {"001.txt": True}
    assert every == {name: name in trashed for name in originals}
    # One batch of twelve duplicates, half of them trashed, costs what one duplicate does.
    assert all_statements == one_statements
