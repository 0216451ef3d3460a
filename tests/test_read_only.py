"""A library this process cannot write to (read-only media, someone else's file) opens for
reading: lists, articles, search and export work, every write is refused with one clear
reason, and nothing is changed or half-written."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from alembic.command import upgrade
from alembic.config import Config
from alembic.script import ScriptDirectory

from reader import ArticleQuery, Library, LibraryUnavailable
from reader.store.database import READ_ONLY, create_library_engine
from tests.conftest import run_unprivileged

REPO = Path(__file__).resolve().parents[1]


def _file_state(path: Path) -> tuple[bytes, list[str]]:
    """The library's bytes and what sits beside it: a refused write changes neither. (Readers
    of a WAL library share an index in ``-shm`` and ``-wal`` files where the folder allows.)"""
    beside = [p.name for p in path.parent.iterdir() if not p.name.endswith(("-shm", "-wal"))]
    return path.read_bytes(), sorted(beside)


@pytest.fixture()
def closed_library(seeded_library: Library) -> Path:
    """The six sample articles, one tagged and with a note, in a library closed again (the
    journal folded back into the file)."""
    first = seeded_library.article_ids()[0]
    seeded_library.add_tags([first], ["kept"])
    seeded_library.set_note(first, "A note written before")
    seeded_library.close()
    with sqlite3.connect(seeded_library.path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return seeded_library.path


def test_reading_works_and_every_write_is_refused(closed_library: Path, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    before = _file_state(closed_library)
    with Library.open(closed_library, read_only=True) as library:
        assert library.read_only
        ids = library.article_ids()
        assert len(ids) == 6
        assert library.article(ids[0]).note.text == "A note written before"
        assert [tag.name for tag in library.tags()] == ["kept"]
        assert library.counts().total == 6
        assert library.list_articles(ArticleQuery(search="harvest"))
        library.transfer.export_json(exports / "out.json")
        exported = json.loads((exports / "out.json").read_text(encoding="utf-8"))
        assert len(exported["articles"]) == 6

        refusals = [
            lambda: library.set_starred(ids[:1]),
            lambda: library.add_tags(ids[:2], ["new"]),
            lambda: library.set_note(ids[0], "lost?"),
            lambda: library.delete_articles(ids[:1]),
            lambda: library.rename_tag("kept", "other"),
            lambda: library.import_paths([tmp_path / "does-not-matter.txt"]),
        ]
        for write in refusals:
            with pytest.raises(LibraryUnavailable, match=READ_ONLY):
                write()
        assert library.backups.daily() is None
        assert library.article(ids[0]).note.text == "A note written before"
    assert _file_state(closed_library) == before


def test_an_import_is_refused_before_any_file_is_read(
    closed_library: Path, sample_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    with Library.open(closed_library, read_only=True) as library:
        monkeypatch.setattr(Path, "open", spy)
        with pytest.raises(LibraryUnavailable, match=READ_ONLY):
            library.import_paths(sample_files)
    assert not set(opened) & {path.name for path in sample_files}


def test_a_read_only_library_that_needs_an_upgrade_says_what_to_do(tmp_path: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(REPO / "reader" / "store" / "migrations"))
    revisions = list(ScriptDirectory.from_config(config).walk_revisions())
    if len(revisions) < 2:
        pytest.skip("only one schema revision so far")
    path = tmp_path / "old.sqlite3"
    engine = create_library_engine(path)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        upgrade(config, revisions[-1].revision)
    engine.dispose()
    before = path.read_bytes()
    with pytest.raises(LibraryUnavailable, match="must upgrade it before opening it"):
        Library.open(path, read_only=True)
    assert path.read_bytes() == before
    assert not (tmp_path / "old-backups").exists()


# --- real permissions ---------------------------------------------------------------------------

CLI_IMPORTS = """
    import json
    from reader.cli.main import main
    import reader.library, reader.cli.output, reader.search.sql, reader.search.syntax
    import encodings.idna, sqlalchemy.dialects.sqlite
"""


def test_a_library_nobody_may_write_is_read_and_refuses_changes(
    closed_library: Path, open_folder: Path
) -> None:
    folder = open_folder / "library"
    folder.mkdir()
    library = folder / "library.sqlite3"
    shutil.copy(closed_library, library)
    library.chmod(0o444)
    folder.chmod(0o555)
    before = _file_state(library)

    def broadsheet(*args: str) -> subprocess.CompletedProcess[str]:
        return run_unprivileged(f"sys.exit(main({['--library', str(library), *args]!r}))",
                                CLI_IMPORTS)

    listed = broadsheet("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 6
    found = broadsheet("search", "harvest", "--json")
    assert found.returncode == 0, found.stderr
    assert len(json.loads(found.stdout)) == 1
    tagged = broadsheet("tag", "1", "--add", "x")
    assert tagged.returncode == 1
    assert tagged.stderr.strip() == f"broadsheet: error: {READ_ONLY}"
    # The window's start-up check must find the file sound, not offer to replace it.
    checked = run_unprivileged(f"print(integrity_problems(Path({str(library)!r})))",
                               "from pathlib import Path\n"
                               "from reader.store.backups import integrity_problems")
    assert checked.stdout.strip() == "[]", checked.stderr
    assert _file_state(library) == before
