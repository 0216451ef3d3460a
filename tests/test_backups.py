"""Backups: made with the online API, rotated, previewed, restored; integrity checks."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reader import Library, LibraryUnavailable
from reader.settings import BACKUPS_TO_KEEP, Settings
from reader.store import backups


@pytest.fixture()
def lib(tmp_path: Path) -> Library:
    (tmp_path / "a.txt").write_text("First story\n\nThe body of the first story is here.\n")
    library = Library.open(tmp_path / "lib.sqlite3")
    library.import_paths([tmp_path / "a.txt"])
    yield library
    library.close()


def test_backup_is_listed_and_previewed(lib: Library) -> None:
    article_id = lib.article_ids()[0]
    lib.set_note(article_id, "my note")
    lib.add_highlight(article_id, 0, 5)
    lib.add_tags([article_id], ["kept"])
    made = lib.backups.make()
    (info,) = lib.backups.newest_first()
    assert info.path == made and info.label == "manual"
    held = backups.preview(made)
    assert (held.articles, held.tags, held.notes, held.highlights) == (1, 1, 1, 1)
    assert backups.integrity_problems(made) == []


def test_daily_backup_once_a_day_and_rotation(lib: Library) -> None:
    assert lib.backups.daily(keep=2) is not None
    assert lib.backups.daily(keep=2) is None  # not due again today
    assert not backups.daily_backup_due(lib.path)
    assert backups.daily_backup_due(lib.path, datetime.now() + timedelta(days=1, minutes=1))
    for _ in range(3):
        lib.backups.make("daily")
    backups.prune(lib.path, 2, label="daily")
    assert len([b for b in lib.backups.newest_first() if b.label == "daily"]) == 2


def test_the_daily_backup_keeps_as_many_as_the_settings_do_by_default(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib.sqlite3") as library:
        made = library.backups.make("manual")
        for day in range(1, 6):  # five daily copies from long ago: one is due
            shutil.copy(made, made.with_name(f"lib.2024010{day}-000000.daily.sqlite3"))
        assert library.backups.daily() is not None
        daily = [info for info in library.backups.newest_first() if info.label == "daily"]
    assert len(daily) == Settings().backups_to_keep == BACKUPS_TO_KEEP.default == 3



def test_restore_brings_back_the_old_state(lib: Library) -> None:
    article_id = lib.article_ids()[0]
    lib.set_note(article_id, "before")
    made = lib.backups.make()
    lib.set_note(article_id, "after")
    lib.delete_articles([article_id])
    lib.backups.revert_to(made)
    assert lib.note(article_id).text == "before"
    assert any(b.label == "before-restore" for b in lib.backups.newest_first())


def test_a_damaged_backup_is_refused(lib: Library, tmp_path: Path) -> None:
    bad = backups.backup_folder(lib.path) / "lib.20240101-000000.manual.sqlite3"
    bad.parent.mkdir(exist_ok=True)
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert backups.integrity_problems(bad)
    with pytest.raises(LibraryUnavailable):
        lib.backups.revert_to(bad)
    assert lib.counts().total == 1


def test_a_folder_with_uri_characters_in_its_name_backs_up_and_restores(tmp_path: Path) -> None:
    """Backups and checks open files by ``file:`` URI, where ``?``, ``#`` and ``%`` mean
    something: in a folder's name they must stay part of the path."""
    folder = tmp_path / "news #1? 100% mine"
    folder.mkdir()
    (folder / "a.txt").write_text("First story\n\nThe body of the first story is here.\n")
    with Library.open(folder / "lib.sqlite3") as library:
        library.import_paths([folder / "a.txt"])
        article_id = library.article_ids()[0]
        library.set_note(article_id, "before")
        made = library.backups.make()
        assert backups.integrity_problems(library.path) == []
        assert backups.integrity_problems(made) == []
        assert backups.preview(made).notes == 1
        library.set_note(article_id, "after")
        library.backups.revert_to(made)
        assert library.note(article_id).text == "before"
    assert sorted(path.name for path in tmp_path.iterdir()) == [folder.name]  # no stray file
