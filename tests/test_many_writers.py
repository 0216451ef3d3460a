"""Many writers at once on one library, and following what the others change: two programs
(here two ``Library`` objects on the same file or database, as two windows or a window and a
script are) importing, tagging, writing notes and trashing side by side."""

from __future__ import annotations

import functools
import operator
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader import ArticleQuery, Changes, Library, View
from reader.edits import SetNote

BOTH_ENGINES = True


@pytest.fixture()
def pair(library_location: str) -> Iterator[tuple[Library, Library]]:
    first = Library.open(library_location)
    second = Library.open(library_location)
    yield first, second
    first.close()
    second.close()


def _folder(root: Path, count: int) -> Path:
    folder = root / "shared"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03}.txt").write_text(
            f"Story {n} from the wire\n\nReporters filed story number {n} this morning.\n")
    return folder


def _wait_for(condition: Callable[[], bool], seconds: float = 2.0) -> float:
    """How long ``condition`` took to hold; fails after ``seconds``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not seen within {seconds} s")
        time.sleep(0.02)
    return time.monotonic() - start


def test_two_imports_of_one_folder_store_each_article_once(
    pair: tuple[Library, Library], tmp_path: Path
) -> None:
    folder = _folder(tmp_path, 40)
    reports = []

    def run(library: Library) -> None:
        reports.append(library.import_paths([folder]))

    threads = [threading.Thread(target=run, args=(library,)) for library in pair]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = pair
    assert first.count() == second.count() == 40
    assert len({s.title for s in first.list_articles()}) == 40
    assert sum(len(r.imported) + len(r.duplicates) for r in reports) == 80
    assert sum(len(r.imported) for r in reports) == 40


def test_two_people_tagging_the_same_articles_keep_both_tags(
    pair: tuple[Library, Library], tmp_path: Path
) -> None:
    first, second = pair
    first.import_paths([_folder(tmp_path, 6)])
    ids = first.article_ids()
    threads = [threading.Thread(target=library.add_tags, args=(ids, [name]))
               for library, name in ((first, "Economy"), (second, "politics"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for article_id in ids:
        assert {t.name for t in second.article_tags(article_id)} == {"Economy", "politics"}


def test_a_note_changed_elsewhere_is_not_overwritten(
    pair: tuple[Library, Library], tmp_path: Path
) -> None:
    first, second = pair
    first.import_paths([_folder(tmp_path, 1)])
    (article_id,) = first.article_ids()
    first.set_note(article_id, "Call the desk.")
    opened = first.note(article_id).text  # what the first editor shows
    second.set_note(article_id, "Desk called back: confirmed.")
    note = first.apply(SetNote(article_id, "Call the desk. Twice.", base=opened)).value
    assert note.merged
    kept = second.note(article_id).text
    assert kept.startswith("Desk called back: confirmed.\n\n---")
    assert kept.endswith("\nCall the desk. Twice.")
    # Saved over what it was written from: no conflict, the text replaces it.
    assert not first.apply(SetNote(article_id, "Done.", base=kept)).value.merged
    assert second.note(article_id).text == "Done."


def test_trash_and_restore_by_one_are_seen_by_the_other(
    pair: tuple[Library, Library], tmp_path: Path
) -> None:
    first, second = pair
    first.import_paths([_folder(tmp_path, 3)])
    article_id = first.article_ids()[0]
    second.delete_articles([article_id])
    assert article_id not in first.article_ids()
    assert first.article_ids(ArticleQuery(view=View.TRASH)) == [article_id]
    assert first.article(article_id).in_trash
    second.restore_articles([article_id])
    assert not first.article(article_id).in_trash
    assert first.counts().trash == 0


def test_a_following_library_hears_what_the_other_changes_within_two_seconds(
    pair: tuple[Library, Library], tmp_path: Path
) -> None:
    watching, writing = pair
    heard: list[Changes] = []
    watching.subscribe(heard.append)
    watching.follow()
    report = writing.import_paths([_folder(tmp_path, 3)])
    added = frozenset(item.id for item in report.imported)
    _wait_for(lambda: any(c.added == added and c.counts for c in heard))
    heard.clear()
    article_id = sorted(added)[0]
    writing.add_tags([article_id], ["wire"])
    writing.set_note(article_id, "checked")

    def union() -> Changes:
        return functools.reduce(operator.or_, heard, Changes())

    # The tag and the note (annotated: a count changes) came, in one notice or two.
    _wait_for(lambda: article_id in union().articles and union().tag_set and union().counts)
    assert watching.note(article_id).text == "checked"
    # Its own writes are heard once, as they are made, not again from the log.
    heard.clear()
    watching.set_starred([article_id])
    time.sleep(1.2)
    assert heard == [Changes(articles=frozenset({article_id}), counts=True)]
