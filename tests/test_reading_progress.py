"""How far each article was read: kept in the library, set through the edit path, bounded;
on both engines, and through the migration that brought it, both ways."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from alembic.command import downgrade, upgrade
from alembic.config import Config
from sqlalchemy import Engine, create_engine, inspect

from reader import Changes, InvalidValue, Library, NotFound
from reader.edits import SetProgress
from reader.store.database import create_library_engine
from reader.store.location import ServerLocation, parse_location

BOTH_ENGINES = True
MIGRATIONS = Path(__file__).resolve().parents[1] / "reader" / "store" / "migrations"
BEFORE_PROGRESS = "0007"


def test_a_new_article_has_not_been_read_at_all(seeded_library: Library) -> None:
    first = seeded_library.article_ids()[0]
    assert seeded_library.article(first).progress == 0.0
    assert {s.progress for s in seeded_library.summaries(seeded_library.article_ids())} == {0.0}


def test_progress_is_kept_in_the_library_and_read_back_after_reopening(
    seeded_library: Library, library_location: str,
) -> None:
    first, second = seeded_library.article_ids()[:2]
    heard: list[Changes] = []
    seeded_library.subscribe(heard.append)
    done = seeded_library.apply(SetProgress(first, 0.4))
    assert heard == [Changes(progress=frozenset({first}))]  # the list repaints that row
    assert done.reverse == SetProgress(first, 0.0)
    seeded_library.close()
    with Library.open(library_location) as again:
        assert again.article(first).progress == 0.4
        assert [s.progress for s in again.summaries([first, second])] == [0.4, 0.0]


def test_another_program_hears_of_a_place_kept_and_of_nothing_else(
    seeded_library: Library, library_location: str,
) -> None:
    first = seeded_library.article_ids()[0]
    heard: list[Changes] = []
    with Library.open(library_location) as other:
        other.subscribe(heard.append)
        other.follow()
        seeded_library.apply(SetProgress(first, 0.6))
        deadline = time.monotonic() + 5
        while not heard and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heard == [Changes(progress=frozenset({first}))]  # through the change log
        assert other.article(first).progress == 0.6
    assert not heard[0].membership and not heard[0].articles


def test_the_same_progress_again_changes_nothing(seeded_library: Library) -> None:
    first = seeded_library.article_ids()[0]
    seeded_library.apply(SetProgress(first, 0.25))
    heard: list[Changes] = []
    seeded_library.subscribe(heard.append)
    done = seeded_library.apply(SetProgress(first, 0.25))
    assert done.reverse is None and heard == []


def test_progress_is_stored_to_four_places(seeded_library: Library) -> None:
    first = seeded_library.article_ids()[0]
    seeded_library.apply(SetProgress(first, 1 / 3))
    assert seeded_library.article(first).progress == 0.3333


@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan"), float("inf"), True, "0.5"])
def test_a_fraction_outside_0_to_1_is_refused_with_a_reason(
    seeded_library: Library, value: object
) -> None:
    first = seeded_library.article_ids()[0]
    with pytest.raises(InvalidValue, match="reading progress must be"):
        seeded_library.apply(SetProgress(first, value))  # type: ignore[arg-type]
    assert seeded_library.article(first).progress == 0.0


def test_progress_of_an_article_that_is_gone_is_refused(seeded_library: Library) -> None:
    with pytest.raises(NotFound):
        seeded_library.apply(SetProgress(99_999, 0.5))


def _engine(location: str) -> Engine:
    parsed = parse_location(location)
    if isinstance(parsed, ServerLocation):
        return create_engine(parsed.driver_url)
    return create_library_engine(parsed)


def _migrate(location: str, revision: str, *, down: bool) -> None:
    engine = _engine(location)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            (downgrade if down else upgrade)(config, revision)
    finally:
        engine.dispose()


def _columns(location: str) -> set[str]:
    engine = _engine(location)
    try:
        return {column["name"] for column in inspect(engine).get_columns("articles")}
    finally:
        engine.dispose()


def test_a_library_from_before_progress_opens_with_nothing_read(
    seeded_library: Library, library_location: str,
) -> None:
    first = seeded_library.article_ids()[0]
    seeded_library.set_starred([first])
    seeded_library.close()
    _migrate(library_location, BEFORE_PROGRESS, down=True)  # as the version before left it
    assert "progress" not in _columns(library_location)
    with Library.open(library_location) as library:  # brought up to date on opening
        assert library.article(first).progress == 0.0
        assert library.article(first).starred
        library.apply(SetProgress(first, 0.5))
        assert library.summaries([first])[0].progress == 0.5
        assert first in {s.id for s in library.search("harvest OR missile OR budget")}
    assert "progress" in _columns(library_location)


def test_the_progress_migration_goes_back_and_forth_keeping_the_articles(
    seeded_library: Library, library_location: str,
) -> None:
    ids = seeded_library.article_ids()
    seeded_library.apply(SetProgress(ids[0], 0.75))
    seeded_library.close()
    _migrate(library_location, BEFORE_PROGRESS, down=True)
    _migrate(library_location, "head", down=False)
    with Library.open(library_location) as library:
        assert library.article_ids() == ids
        assert library.article(ids[0]).progress == 0.0  # the place went with the column
        library.apply(SetProgress(ids[0], 0.25))
        assert library.article(ids[0]).progress == 0.25


# --- export and restore -------------------------------------------------------------------


def _export_of(articles: list[dict[str, object]], version: int) -> str:
    return json.dumps({"format": "broadsheet-library", "version": version,
                       "exported_at": "2026-01-01T00:00:00+00:00", "articles": articles,
                       "tags": [], "saved_searches": []})


def _record(number: int, **extra: object) -> dict[str, object]:
    return {"id": number, "title": f"Article {number}", "body": "Some body text.",
            "published": None, "source": None, "path": None, "content_hash": f"{number:064x}",
            "imported_at": "2026-01-01T10:00:00", "read": False, "starred": False,
            "deleted_at": None, "tags": [], "note": None, "highlights": [], **extra}


def test_how_far_each_article_was_read_goes_with_an_export(
    seeded_library: Library, tmp_path: Path,
) -> None:
    first, second = seeded_library.article_ids()[:2]
    seeded_library.apply(SetProgress(first, 0.35))
    path = seeded_library.transfer.export_json(tmp_path / "out.json").path
    with Library.open(tmp_path / "copy.sqlite3") as copy:  # a server's library moved to a file
        copy.transfer.restore(path)
        assert copy.article(first).progress == 0.35
        assert copy.article(second).progress == 0.0


def test_an_export_from_before_progress_restores_with_nothing_read_part_way(
    library: Library, tmp_path: Path,
) -> None:
    path = tmp_path / "v2.json"
    path.write_text(_export_of([_record(1)], version=2), encoding="utf-8")
    library.transfer.restore(path)
    assert library.article(1).progress == 0.0


def test_a_progress_that_is_not_a_fraction_is_refused_with_its_article(
    library: Library, tmp_path: Path,
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(_export_of([_record(1, progress=0.5), _record(2, progress=4)], version=3),
                    encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"article 2: 'progress' should be a number from 0 "
                                           r"to 1"):
        library.transfer.restore(path)
    assert library.article_ids() == []
