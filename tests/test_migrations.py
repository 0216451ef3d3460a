"""Schema migrations: the head constant, first-revision libraries, and refusing bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.command import upgrade
from alembic.config import Config
from alembic.script import ScriptDirectory

from reader import Library, LibraryUnavailable
from reader.store.database import create_library_engine
from reader.store.migrations import HEAD

MIGRATIONS = Path(__file__).resolve().parents[1] / "reader" / "store" / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def test_head_constant_matches_the_scripts() -> None:
    assert ScriptDirectory.from_config(_config()).get_current_head() == HEAD


def _first_revision() -> str:
    revisions = list(ScriptDirectory.from_config(_config()).walk_revisions())
    return revisions[-1].revision


def test_a_library_made_at_the_first_revision_opens_under_head(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_library_engine(path)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        upgrade(config, _first_revision())
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO articles (title, body, content_hash, imported_at) "
            "VALUES ('Old', 'Kept body', 'h1', '2024-01-01 00:00:00')"
        )
        raw.execute("INSERT INTO article_fts (rowid, title, body, note, highlights) "
                    "VALUES (1, 'Old', 'Kept body', '', '')")
    raw.close()

    with Library.open(path) as library:
        assert library.article(1).body == "Kept body"
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    raw.close()
    if _first_revision() != HEAD:
        assert list(tmp_path.glob("old-backups/old.*.before-upgrade-*.sqlite3"))


def test_a_new_library_is_created_at_head(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "new.sqlite3"
    with Library.open(path) as library:
        assert library.counts().total == 0
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("this is not a database at all, just words " * 100)
    with pytest.raises(LibraryUnavailable, match="not a SQLite database"):
        Library.open(path)
    assert path.read_text().startswith("this is not a database")


def test_a_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.close()
    with pytest.raises(LibraryUnavailable, match="not a Broadsheet library"):
        Library.open(path)
    with sqlite3.connect(path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    raw.close()
    assert tables == {"contacts"}


def test_a_library_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    Library.open(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    raw.close()
    with pytest.raises(LibraryUnavailable, match="newer Broadsheet"):
        Library.open(path)


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LibraryUnavailable, match="not a file"):
        Library.open(tmp_path)
