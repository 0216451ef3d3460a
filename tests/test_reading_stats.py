"""Reading recorded as events and the statistics made of them: marking read (and taking it
back), opening, keeping one's place, upgrades and restores starting from the read marks, and
the figures. On both engines, but for the upgrade of a file made before events."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from alembic.command import upgrade
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select

from reader import Changes, Library
from reader.edits import RecordOpened, SetFlag, SetProgress
from reader.store.database import create_library_engine
from reader.store.schema import reading_events
from tests.library_tables import rows, write

BOTH_ENGINES = True
MIGRATIONS = Path(__file__).resolve().parents[1] / "reader" / "store" / "migrations"


def _before_reading_events(config: Config) -> str:
    """The revision before the one that records reading: found by its name, so the test
    follows the chain as other revisions land before it."""
    for script in ScriptDirectory.from_config(config).walk_revisions():
        if script.path.endswith("_reading_events.py"):
            assert isinstance(script.down_revision, str)
            return script.down_revision
    raise AssertionError("no reading events migration")


def _events(library: Library) -> list[tuple[int | None, str, bool]]:
    return [(article_id, kind, bool(estimated)) for article_id, kind, estimated in rows(
        library, select(reading_events.c.article_id, reading_events.c.kind,
                        reading_events.c.estimated).order_by(reading_events.c.id))]


def _add_event(library: Library, article_id: int | None, kind: str, at: datetime) -> None:
    write(library, insert(reading_events).values(article_id=article_id, kind=kind, at=at,
                                                 estimated=False))


def test_marking_read_records_an_event_and_a_slip_takes_it_back(seeded_library: Library
                                                                 ) -> None:
    first, second = seeded_library.article_ids()[:2]
    done = seeded_library.apply(SetFlag((first, second), "read", True))
    assert _events(seeded_library) == [(first, "read", False), (second, "read", False)]
    seeded_library.set_read([first])  # already read: no second event
    assert len(_events(seeded_library)) == 2
    assert done.reverse is not None
    seeded_library.apply(done.reverse)  # undone at once: the reading did not happen
    assert _events(seeded_library) == []


def test_an_unread_mark_leaves_older_reading_counted(seeded_library: Library) -> None:
    first = seeded_library.article_ids()[0]
    _add_event(seeded_library, first, "read", datetime.now() - timedelta(days=3))
    seeded_library.set_read([first], False)
    assert _events(seeded_library) == [(first, "read", False)]


def test_opening_is_recorded_and_changes_nothing_else(seeded_library: Library) -> None:
    heard: list[Changes] = []
    seeded_library.subscribe(heard.append)
    first = seeded_library.article_ids()[0]
    done = seeded_library.apply(RecordOpened(first))
    assert done.reverse is None and not done.changes and heard == []
    assert _events(seeded_library) == [(first, "opened", False)]
    seeded_library.apply(RecordOpened(99_999))  # gone meanwhile: nothing to record
    assert len(_events(seeded_library)) == 1


def test_keeping_ones_place_is_no_reading_event(seeded_library: Library) -> None:
    """The place is written every few seconds while one scrolls: an event for each would
    count scrolling, not reading. Opening is recorded once, and reading by the read mark,
    even when the place kept is the very end."""
    first = seeded_library.article_ids()[0]
    seeded_library.apply(SetProgress(first, 0.5))
    seeded_library.apply(SetProgress(first, 1.0))
    assert _events(seeded_library) == []
    assert seeded_library.reading.stats().read == 0


def test_reading_of_articles_deleted_for_good_still_counts(seeded_library: Library) -> None:
    first = seeded_library.article_ids()[0]
    seeded_library.set_read([first])
    seeded_library.delete_articles([first])
    seeded_library.empty_trash()
    assert _events(seeded_library) == [(None, "read", False)]
    assert seeded_library.reading.stats().read_weekly[-1][1] == 1


def test_an_upgraded_library_starts_from_its_read_marks(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_library_engine(path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        upgrade(config, _before_reading_events(config))
    engine.dispose()
    with sqlite3.connect(path) as raw:
        for number, read in ((1, 1), (2, 0), (3, 1)):
            raw.execute("INSERT INTO articles (title, body, content_hash, imported_at, read) "
                        f"VALUES ('t{number}', 'body', 'h{number}', '2024-03-0{number} 10:00:00',"
                        f" {read})")
    raw.close()
    with Library.open(path) as library:
        assert _events(library) == [(1, "read", True), (3, "read", True)]
        stats = library.reading.stats(today=date(2024, 3, 20))
        assert stats.estimated_until == date(2024, 3, 3)
        assert stats.read_monthly[-1] == (date(2024, 3, 1), 2)
        assert stats.streak == 0  # estimated reading makes no streak


def test_a_restored_library_starts_from_its_read_marks(seeded_library: Library,
                                                       tmp_path: Path) -> None:
    first = seeded_library.article_ids()[0]
    seeded_library.set_read([first])
    export = tmp_path / "export.json"
    seeded_library.transfer.export_json(export)
    with Library.open(tmp_path / "restored.sqlite3") as restored:
        restored.transfer.restore(export)
        assert _events(restored) == [(first, "read", True)]


def test_the_figures(seeded_library: Library) -> None:
    library = seeded_library
    ids = library.article_ids()
    today = date.today()
    now = datetime.now()
    for days_ago in (0, 1, 2, 5):  # a streak of three, a gap, then one day
        _add_event(library, ids[0], "opened", now - timedelta(days=days_ago))
    library.add_tags(ids[:2], ["asia"])
    library.set_read([ids[0]])
    library.update_article(ids[0], source="Reuters")
    library.add_highlight(ids[1], 0, 5)
    stats = library.reading.stats()
    assert (stats.streak, stats.longest_streak) == (3, 3)
    assert stats.articles == len(ids) and stats.read == 1
    assert stats.added_weekly[-1] == (today - timedelta(days=today.weekday()), len(ids))
    assert len(stats.added_weekly) == 26 and len(stats.added_monthly) == 24
    assert [(s.name, s.read, s.total) for s in stats.by_tag] == [("asia", 1, 2)]
    assert [(s.name, s.read, s.total) for s in stats.by_source] == [("Reuters", 1, 1)]
    assert stats.highlights_monthly[-1][1] == 1
    assert stats.backlog[0] == ("under a week", len(ids) - 1)
    later = library.reading.stats(today=today + timedelta(days=40))
    assert later.streak == 0 and later.backlog[2] == ("1–3 months", len(ids) - 1)
