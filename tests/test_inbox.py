"""The inbox folder with real files in a temporary folder: files are taken once they stop
growing, partial downloads and placeholders wait, and every file is imported once."""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from reader import Library
from reader.importing.inbox import (
    IMPORTED_FOLDER,
    NOT_IMPORTED_FOLDER,
    Handled,
    ImportFiles,
    Inbox,
    InboxUnavailable,
    waits_for_completion,
)
from reader.importing.inbox_record import InboxRecord, Signature, record_beside, record_for
from reader.paths import library_folder
from reader.records import CancelCheck, Duplicate, Failed, Imported, ImportReport
from reader.store.location import ServerLocation

SETTLE = 3.0
STORY = "Harbour works begin\n\nThe council said work on the northern quay starts on Monday.\n"
OTHER = "Tram line extended\n\nThe new stop by the station opens to passengers next spring.\n"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Recorder:
    """An import function that imports everything and remembers what it was handed."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, paths: Sequence[Path], cancel: CancelCheck | None) -> ImportReport:
        self.calls.append([path.name for path in paths])
        report = ImportReport()
        report.imported = [Imported(str(path), len(self.calls)) for path in paths]
        return report

    @property
    def names(self) -> list[str]:
        return [name for call in self.calls for name in call]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return inbox


@pytest.fixture()
def clock() -> Clock:
    return Clock()


def into(library: Library) -> ImportFiles:
    def run(paths: Sequence[Path], cancel: CancelCheck | None) -> ImportReport:
        return library.import_paths(paths, cancel=cancel)

    return run


def settled(inbox: Inbox, clock: Clock) -> list[Handled]:
    """Two looks a settle interval apart: what a file that stopped changing needs."""
    first = inbox.poll()
    clock.advance(SETTLE)
    return first + inbox.poll()


def test_a_file_is_taken_once_it_has_been_still_for_the_settle_interval(
    folder: Path, clock: Clock, library: Library
) -> None:
    inbox = Inbox(folder, into(library), settle=SETTLE, clock=clock)
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    assert inbox.poll() == []
    clock.advance(SETTLE - 0.1)
    assert inbox.poll() == []
    clock.advance(0.1)
    [handled] = inbox.poll()
    assert isinstance(handled.result, Imported)
    assert handled.kept_at == folder / IMPORTED_FOLDER / "story.txt"
    assert handled.kept_at.read_text(encoding="utf-8") == STORY
    assert not (folder / "story.txt").exists()
    assert library.article(handled.result.id).title == "Harbour works begin"


def test_a_file_written_in_pieces_is_taken_only_when_complete(
    folder: Path, clock: Clock, library: Library
) -> None:
    inbox = Inbox(folder, into(library), settle=SETTLE, clock=clock)
    path = folder / "story.txt"
    pieces = [STORY[:20], STORY[20:45], STORY[45:]]
    for piece in pieces:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(piece)
        assert inbox.poll() == []
        clock.advance(SETTLE - 1)  # a slow writer: each piece comes before the file settles
    assert inbox.waiting == [path]
    clock.advance(1)
    [handled] = inbox.poll()
    assert isinstance(handled.result, Imported)
    assert library.article(handled.result.id).body.endswith("starts on Monday.")


def test_a_file_growing_in_real_time_is_imported_whole_and_once(
    folder: Path, library: Library
) -> None:
    path = folder / "story.txt"
    stop = threading.Event()
    handled: list[Handled] = []
    inbox = Inbox(folder, into(library), settle=0.5)
    watcher = threading.Thread(
        target=inbox.watch, args=(handled.append, stop.is_set), kwargs={"interval": 0.1})
    watcher.start()
    try:
        for start in range(0, len(STORY), 8):
            with path.open("a", encoding="utf-8") as stream:
                stream.write(STORY[start:start + 8])
            time.sleep(0.15)
        deadline = time.monotonic() + 5
        while not handled and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # time enough for a second, wrong, import
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert not watcher.is_alive()
    assert len(handled) == 1 and isinstance(handled[0].result, Imported)
    assert library.article(handled[0].result.id).body.endswith("starts on Monday.")
    assert library.counts().total == 1


def test_a_download_renamed_when_done_is_taken_once(folder: Path, clock: Clock) -> None:
    recorder = Recorder()
    inbox = Inbox(folder, recorder, settle=SETTLE, clock=clock)
    partial = folder / "page.html.crdownload"
    partial.write_bytes(b"<html><body><p>first half")
    for _ in range(3):
        assert inbox.poll() == []
        clock.advance(SETTLE)
    with partial.open("ab") as stream:
        stream.write(b" and the rest</p></body></html>")
    partial.rename(folder / "page.html")
    assert inbox.poll() == []  # just renamed: seen, not yet trusted
    clock.advance(SETTLE)
    [handled] = inbox.poll()
    assert handled.kept_at == folder / IMPORTED_FOLDER / "page.html"
    for _ in range(3):
        clock.advance(SETTLE)
        assert inbox.poll() == []
    assert recorder.calls == [["page.html"]]


def test_an_empty_placeholder_waits_until_it_fills(folder: Path, clock: Clock) -> None:
    recorder = Recorder()
    inbox = Inbox(folder, recorder, settle=SETTLE, clock=clock)
    placeholder = folder / "clip.md"
    placeholder.touch()
    for _ in range(5):
        assert inbox.poll() == []
        clock.advance(SETTLE * 2)
    assert inbox.waiting == [placeholder]
    placeholder.write_text(STORY, encoding="utf-8")
    assert settled(inbox, clock)[0].kept_at == folder / IMPORTED_FOLDER / "clip.md"
    assert recorder.calls == [["clip.md"]]


@pytest.mark.parametrize("name", ["a.part", "b.partial", "c.tmp", "d.html.crdownload",
                                  "e.download", ".hidden.txt", "~$report.docx"])
def test_partial_hidden_and_lock_files_are_left_alone(
    folder: Path, clock: Clock, name: str
) -> None:
    assert waits_for_completion(name)
    recorder = Recorder()
    inbox = Inbox(folder, recorder, settle=SETTLE, clock=clock)
    (folder / name).write_text(STORY, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").write_text(STORY, encoding="utf-8")
    assert settled(inbox, clock) == []
    assert recorder.calls == [] and (folder / name).exists()
    assert not waits_for_completion("story.txt")


def test_two_files_at_once_are_one_import(
    folder: Path, clock: Clock, library: Library
) -> None:
    inbox = Inbox(folder, into(library), settle=SETTLE, clock=clock)
    (folder / "one.txt").write_text(STORY, encoding="utf-8")
    (folder / "two.txt").write_text(OTHER, encoding="utf-8")
    handled = settled(inbox, clock)
    assert sorted(item.kept_at.name for item in handled if item.kept_at) == ["one.txt", "two.txt"]
    assert library.counts().total == 2
    assert sorted(path.name for path in folder.iterdir()) == [IMPORTED_FOLDER]


def test_a_file_that_fails_goes_to_not_imported_with_its_reason(
    folder: Path, clock: Clock, library: Library
) -> None:
    inbox = Inbox(folder, into(library), settle=SETTLE, clock=clock)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\x00\x01\x02\x03\xff\xfe" * 50)
    [handled] = settled(inbox, clock)
    assert isinstance(handled.result, Failed)
    kept = folder / NOT_IMPORTED_FOLDER / "scan.pdf"
    assert handled.kept_at == kept and kept.exists()
    reason = (folder / NOT_IMPORTED_FOLDER / "scan.pdf.reason.txt").read_text(encoding="utf-8")
    assert reason == handled.result.reason + "\n"
    assert "binary" in reason
    assert library.counts().total == 0


def test_a_duplicate_counts_as_imported_and_names_do_not_clash(
    folder: Path, clock: Clock, library: Library
) -> None:
    inbox = Inbox(folder, into(library), settle=SETTLE, clock=clock)
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    first = settled(inbox, clock)
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    second = settled(inbox, clock)
    assert second[0].kept_at == folder / IMPORTED_FOLDER / "story (2).txt"
    assert isinstance(second[0].result, Duplicate)
    assert first[0].kept_at == folder / IMPORTED_FOLDER / "story.txt"
    assert library.counts().total == 1


def test_files_that_arrived_while_nothing_ran_are_taken_at_the_next_start(
    folder: Path, clock: Clock, library: Library
) -> None:
    (folder / "early.txt").write_text(STORY, encoding="utf-8")
    assert len(settled(Inbox(folder, into(library), settle=SETTLE, clock=clock), clock)) == 1
    (folder / "late.txt").write_text(OTHER, encoding="utf-8")  # nothing is watching
    os.utime(folder / "late.txt", (time.time() - 3600, time.time() - 3600))
    restarted = Inbox(folder, into(library), settle=SETTLE, clock=clock)
    handled = settled(restarted, clock)
    assert [item.kept_at.name for item in handled if item.kept_at] == ["late.txt"]
    assert library.counts().total == 2
    assert settled(restarted, clock) == []


def test_an_unwritable_folder_remembers_files_in_place(
    folder: Path, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Moves out of the inbox fail as on a read-only share (a real one: test_cli_watch).
    real_rename = os.rename

    def rename(source: object, target: object) -> None:
        if Path(str(source)).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(source))
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    keep = tmp_path / "state" / "library.inbox.json"
    recorder = Recorder()
    story = folder / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    [handled] = settled(Inbox(folder, recorder, settle=SETTLE, clock=clock,
                              record=InboxRecord(keep)), clock)
    assert handled.kept_at is None and story.exists()
    assert json.loads(keep.read_text())["files"][str(story)]["size"] == len(STORY)
    restarted = Inbox(folder, recorder, settle=SETTLE, clock=clock, record=InboxRecord(keep))
    assert settled(restarted, clock) == []
    story.write_text(OTHER + "More.\n", encoding="utf-8")  # saved again: a new file
    assert len(settled(restarted, clock)) == 1
    story.unlink()
    settled(restarted, clock)
    assert json.loads(keep.read_text())["files"] == {}  # gone from the folder, forgotten
    assert recorder.calls == [["story.txt"], ["story.txt"]]


def test_the_record_lives_beside_the_library() -> None:
    assert record_beside(Path("/data/library.sqlite3")) == Path("/data/library.inbox.json")


def test_each_server_library_keeps_its_own_record() -> None:
    file = Path("/data/library.sqlite3")
    assert record_for(file, library_folder(file)) == Path("/data/library.inbox.json")
    news, sport = (ServerLocation(f"postgresql://ann@db.example.org/{name}")
                   for name in ("news", "sport"))
    records = [record_for(where, library_folder(where)) for where in (news, sport)]
    assert records[0] != records[1]  # two databases of one host: one record each
    assert [record.parent for record in records] == [library_folder(news), library_folder(sport)]


def test_a_damaged_record_is_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "library.inbox.json"
    path.write_text("{not json")
    record = InboxRecord(path)
    signature = Signature(1, 2)
    assert not record.knows(tmp_path / "a.txt", signature)
    record.remember(tmp_path / "a.txt", signature, "imported")
    assert InboxRecord(path).knows(tmp_path / "a.txt", signature)
    assert not InboxRecord(path).knows(tmp_path / "a.txt", Signature(1, 3))


def test_a_cancelled_poll_leaves_the_files_for_later(folder: Path, clock: Clock) -> None:
    recorder = Recorder()
    inbox = Inbox(folder, recorder, settle=SETTLE, clock=clock)
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    inbox.poll()
    clock.advance(SETTLE)
    assert inbox.poll(cancel=lambda: True) == []
    assert recorder.calls == [] and (folder / "story.txt").exists()
    assert len(inbox.poll()) == 1


def test_an_import_that_stops_midway_leaves_the_rest_in_the_inbox(
    folder: Path, clock: Clock
) -> None:
    def first_only(paths: Sequence[Path], cancel: CancelCheck | None) -> ImportReport:
        report = ImportReport(cancelled=True)
        report.imported = [Imported(str(paths[0]), 1)]
        return report

    inbox = Inbox(folder, first_only, settle=SETTLE, clock=clock)
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(name, encoding="utf-8")
    assert [item.kept_at.name for item in settled(inbox, clock) if item.kept_at] == ["a.txt"]
    assert (folder / "b.txt").exists()


def test_a_missing_folder_is_a_clear_error(tmp_path: Path, clock: Clock) -> None:
    inbox = Inbox(tmp_path / "nowhere", Recorder(), clock=clock)
    with pytest.raises(InboxUnavailable, match=r"cannot read the inbox folder .*nowhere"):
        inbox.poll()


def test_a_sweep_takes_what_settles_and_leaves_what_still_grows(folder: Path) -> None:
    recorder = Recorder()
    inbox = Inbox(folder, recorder, settle=0.3)
    (folder / "done.txt").write_text(STORY, encoding="utf-8")
    growing = folder / "growing.txt"
    growing.write_text("a", encoding="utf-8")
    writer = threading.Timer(0.15, lambda: growing.write_text("ab", encoding="utf-8"))
    writer.start()
    started = time.monotonic()
    handled = inbox.sweep()
    writer.join()
    assert time.monotonic() - started < 1.5
    assert [item.kept_at.name for item in handled if item.kept_at] == ["done.txt"]
    assert inbox.waiting == [growing]


def test_a_wake_makes_a_watching_inbox_look_at_once(folder: Path) -> None:
    recorder = Recorder()
    inbox = Inbox(folder, recorder, settle=0.0)
    stop = threading.Event()
    handled: list[Handled] = []
    watcher = threading.Thread(target=inbox.watch, args=(handled.append, stop.is_set),
                               kwargs={"interval": 30})
    watcher.start()
    try:
        time.sleep(0.2)  # the first look found nothing; the next is 30 s away
        (folder / "story.txt").write_text(STORY, encoding="utf-8")
        for _ in range(2):  # one look to see the file, one to find it unchanged
            inbox.wake()
            time.sleep(0.3)
    finally:
        stop.set()
        watcher.join(timeout=2)
    assert not watcher.is_alive()
    assert [item.kept_at.name for item in handled if item.kept_at] == ["story.txt"]
