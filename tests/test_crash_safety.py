"""A killed import, two writers at once, a full disk: nothing is lost or half-written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from reader import Library, LibraryUnavailable
from reader.store import database as database_module

REPO = Path(__file__).resolve().parents[1]


def _write_corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        sub = folder / f"part{n % 10}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:05}.txt").write_text(
            f" date 2024-03-{n % 28 + 1:02} Report number {n} opens with a lead paragraph "
            f"about event {n * 7919 % 100003} in the region.\n\nBackground\n\n"
            + f"Paragraph {n} adds detail to the story, " * 20
            + "\n"
        )


def _raw_count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as raw:
        value = raw.execute(sql).fetchone()[0]
    raw.close()
    return int(value)


@pytest.mark.slow  # 5,000 files written, imported, killed and imported again
def test_sigkill_during_a_big_import_loses_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, 5000)
    library = tmp_path / "lib.sqlite3"
    command = [sys.executable, "-m", "reader.cli.main", "--library", str(library), "import",
               str(corpus)]
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    landed = 0
    while time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
        try:
            landed = _raw_count(library, "SELECT count(*) FROM articles")
        except sqlite3.Error:
            continue
        if landed:
            break
    assert child.poll() is None, "the import finished before it could be interrupted"
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert 0 < landed < 5000

    assert _raw_count(library, "SELECT count(*) FROM pragma_integrity_check "
                               "WHERE integrity_check != 'ok'") == 0
    with Library.open(library) as lib:
        kept = lib.counts().total
        # Every stored article is whole and indexed: batches commit all or nothing.
        assert _raw_count(library, "SELECT count(*) FROM article_fts") == kept
        assert _raw_count(library, "SELECT count(*) FROM articles WHERE length(body) < 100") == 0
        report = lib.import_paths([corpus])
        assert len(report.duplicates) == kept
        assert len(report.imported) == 5000 - kept
        assert report.failed == []
        assert lib.counts().total == 5000


def _busy_timeout(monkeypatch: pytest.MonkeyPatch, milliseconds: int) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", milliseconds)


def _hold_write_lock(path: Path, seconds: float, started: threading.Event) -> None:
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    raw.execute("COMMIT")
    raw.close()


def _library_with_article(tmp_path: Path) -> tuple[Path, int]:
    (tmp_path / "a.txt").write_text("A story\n\nSomething happened somewhere to someone.\n")
    path = tmp_path / "lib.sqlite3"
    with Library.open(path) as lib:
        article_id = lib.import_paths([tmp_path / "a.txt"]).imported[0].id
    return path, article_id


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path, article_id = _library_with_article(tmp_path)
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 0.8, started))
    holder.start()
    started.wait()
    with Library.open(path) as lib:
        began = time.monotonic()
        lib.set_note(article_id, "written while another program held the lock")
        waited = time.monotonic() - began
    holder.join()
    assert waited >= 0.5
    with Library.open(path) as lib:
        assert lib.note(article_id).text == "written while another program held the lock"


def test_a_writer_that_cannot_get_in_is_told_the_library_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, article_id = _library_with_article(tmp_path)
    _busy_timeout(monkeypatch, 200)
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 1.5, started))
    holder.start()
    started.wait()
    lib = Library.open(path)
    try:
        with pytest.raises(LibraryUnavailable, match="busy"):
            lib.set_note(article_id, "lost?")
        # Reading still works while another program writes (WAL).
        assert lib.article(article_id).title == "A story"
    finally:
        holder.join()
        lib.close()
    with Library.open(path) as again:
        again.set_note(article_id, "saved once the lock is free")
        assert again.note(article_id).text == "saved once the lock is free"


def test_a_full_disk_is_a_clear_message_and_reading_goes_on(tmp_path: Path) -> None:
    path, article_id = _library_with_article(tmp_path)
    lib = Library.open(path)
    pages = _raw_count(path, "PRAGMA page_count")

    # Cap the file at its current size, as a full disk would.
    @event.listens_for(lib._store.engine, "connect")
    def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    lib._store.engine.dispose()
    try:
        with pytest.raises(LibraryUnavailable, match="full"):
            lib.set_note(article_id, "x" * 200_000)
        assert lib.note(article_id).text == ""
        assert lib.article(article_id).title == "A story"
    finally:
        lib.close()
