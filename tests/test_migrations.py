"""Schema migrations: the head constant, first-revision libraries, and refusing bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.command import downgrade, upgrade
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from reader import ArticleQuery, Library, LibraryUnavailable
from reader.store.database import create_library_engine
from reader.store.location import ServerLocation, parse_location
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


# --- the full-text index of every script (0006) -----------------------------------------------

ZH_BODY = "北京市交通委员会星期二宣布，地铁十九号线将延长到大兴国际机场，预计明年年底通车。"


def _library_at(path: Path, revision: str) -> None:
    engine = create_library_engine(path)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        upgrade(config, revision)
    engine.dispose()


def test_a_library_indexed_before_every_script_was_searched_is_indexed_again(
    tmp_path: Path,
) -> None:
    """Made by the previous schema with a plain sqlite3 connection, as that version wrote
    it: the index held raw text, so a Chinese word inside a sentence was never found."""
    path = tmp_path / "old.sqlite3"
    _library_at(path, "0005")
    with sqlite3.connect(path) as raw:
        rows = [(1, "北京地铁将延长", ZH_BODY, None), (2, "Harbour works", "The quay reopens "
                "in June after the storms.", None), (3, "Trashed 地铁", ZH_BODY,
                "2024-01-02 00:00:00")]
        for article_id, title, body, deleted in rows:
            raw.execute("INSERT INTO articles (id, title, body, content_hash, imported_at, "
                        "deleted_at) VALUES (?, ?, ?, ?, '2024-01-01 00:00:00', ?)",
                        (article_id, title, body, f"h{article_id}", deleted))
            if deleted is None:
                raw.execute("INSERT INTO article_fts (rowid, title, body, note, highlights) "
                            "VALUES (?, ?, ?, '', '')", (article_id, title, body))
        # The old triggers copy notes and highlights into the index as they are.
        raw.execute("INSERT INTO notes VALUES (2, '码头 메모입니다', '2024-01-01 00:00:00')")
        raw.execute("INSERT INTO highlights (article_id, start, \"end\", text, color, comment, "
                    "created_at) VALUES (1, 0, 4, '北京市交', 'yellow', '值得引用', "
                    "'2024-01-01 00:00:00')")
        assert raw.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH "
                           "'\"地铁\"'").fetchone()[0] == 0
    raw.close()

    with Library.open(path) as library:
        def found(query: str) -> list[int]:
            return library.article_ids(ArticleQuery(search=query))

        assert found("地铁") == [1]  # the trashed article stays out of the index
        assert found("大兴国际机场") == [1]
        assert found("title:延长") == [1]
        assert found("note:메모") == [2]
        assert found("码头") == [2]
        assert found("highlight:引用") == [1]
        assert found("quay") == [2]
        assert library.highlights(1)[0].comment == "值得引用"
        assert library.note(2).text == "码头 메모입니다"
        library.restore_articles([3])
        assert sorted(found("地铁")) == [1, 3]
        library.set_note(3, "机场快线")  # the new triggers index what is written next
        assert found("快线") == [3]
    assert list(tmp_path.glob("old-backups/old.*.before-upgrade-0005.sqlite3"))
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
    raw.close()


def test_the_index_migration_runs_back_and_forth(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    source = tmp_path / "zh.txt"
    source.write_text(f"北京地铁将延长\n\n{ZH_BODY}\n", encoding="utf-8")
    with Library.open(path) as library:
        library.import_paths([source])
    engine = create_library_engine(path)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        downgrade(config, "0005")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'article_fts'").fetchone()
        assert "remove_diacritics 2" in sql[0]
        assert raw.execute("SELECT title FROM article_fts").fetchone()[0] == "北京地铁将延长"
        raw.execute("INSERT INTO notes VALUES (1, 'Plain NOTE', '2024-01-01 00:00:00')")
        assert raw.execute("SELECT note FROM article_fts").fetchone()[0] == "Plain NOTE"
    raw.close()
    with Library.open(path) as library:
        assert library.article_ids(ArticleQuery(search="地铁")) == [1]
        assert library.article_ids(ArticleQuery(search="note:plain")) == [1]


def test_on_a_server_the_index_migration_keeps_the_index_as_it_was(
    postgres_server: Any, tmp_path: Path
) -> None:
    """PostgreSQL's index has held these tokens from the start: the revision changes
    nothing there, either way, and the library searches alike after it."""
    location = parse_location(postgres_server.new_database())
    assert isinstance(location, ServerLocation)
    source = tmp_path / "zh.txt"
    source.write_text(f"北京地铁将延长\n\n{ZH_BODY}\n", encoding="utf-8")
    with Library.open(str(location)) as library:
        library.import_paths([source])
    engine = create_engine(location.driver_url)
    config = _config()
    documents = "SELECT article_id, doc::text, stale FROM article_search ORDER BY article_id"
    try:
        with engine.begin() as conn:
            before = conn.execute(text(documents)).all()
            config.attributes["connection"] = conn
            downgrade(config, "0005")
            assert conn.execute(text(documents)).all() == before
            upgrade(config, "head")
            assert conn.execute(text(documents)).all() == before
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    finally:
        engine.dispose()
    assert len(before) == 1
    with Library.open(str(location)) as library:
        assert library.article_ids(ArticleQuery(search="地铁")) == [1]
        assert library.article_ids(ArticleQuery(search="title:延长")) == [1]


# --- the source index (0003, repaired by 0007) ------------------------------------------------

BY_SOURCE = ("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE deleted_at IS NULL "
             "ORDER BY source COLLATE NOCASE, id")


def _plan(path: Path) -> str:
    with sqlite3.connect(path) as raw:
        plan = " / ".join(row[3] for row in raw.execute(BY_SOURCE))
    raw.close()
    return plan


def test_a_list_by_source_reads_the_source_index(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    Library.open(path).close()
    plan = _plan(path)
    assert "ix_articles_source" in plan and "TEMP B-TREE" not in plan


def test_a_source_index_made_on_a_quoted_name_is_made_again(tmp_path: Path) -> None:
    """0003 once gave SQLite ``"source COLLATE NOCASE"``, a string to SQLite: such an index
    sorted nothing and stopped SQLite from dropping any column of ``articles``."""
    path = tmp_path / "old.sqlite3"
    _library_at(path, "0007")
    with sqlite3.connect(path) as raw:
        raw.execute("DROP INDEX ix_articles_source")
        raw.execute('CREATE INDEX ix_articles_source ON articles '
                    '(deleted_at, "source COLLATE NOCASE", id)')
    raw.close()
    assert "ix_articles_source" not in _plan(path)
    Library.open(path).close()
    assert "ix_articles_source" in _plan(path)
    engine = create_library_engine(path)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        downgrade(config, "0007")  # drops the progress column, in place
    engine.dispose()
    with Library.open(path) as library:
        assert library.counts().total == 0
