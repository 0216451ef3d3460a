"""``broadsheet watch``: ``--once`` and its errors run in this process as a shell would run
them; watching until a signal stops it runs as a separate process, the way users run it."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import run_in_process, run_unprivileged

from reader import Library

REPO = Path(__file__).resolve().parents[1]
STORY = "Harbour works begin\n\nThe council said work on the northern quay starts on Monday.\n"
OTHER = "Tram line extended\n\nThe new stop by the station opens to passengers next spring.\n"
# Tests that take ``library_location`` run on SQLite and on PostgreSQL.
BOTH_ENGINES = True


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BROADSHEET_LIBRARY"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def broadsheet(library: str | Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``broadsheet --library LIBRARY ARGS`` in this process, as a shell would run it."""
    return run_in_process(["--library", str(library), *args], env=_env())


def test_once_imports_what_is_there_and_files_it_away(tmp_path: Path,
                                                      library_location: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "harbour.txt").write_text(STORY, encoding="utf-8")
    (inbox / "tram.txt").write_text(OTHER, encoding="utf-8")
    (inbox / "scan.pdf").write_bytes(bytes(range(256)) * 8)
    (inbox / "page.html.crdownload").write_text("<html>half", encoding="utf-8")
    library = library_location
    result = broadsheet(library, "watch", str(inbox), "--once", "--tag", "inbox")
    assert result.returncode == 1, result.stderr  # one file failed
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"imported: {inbox / 'harbour.txt'} (article 1)"
    assert lines[1].startswith(f"failed: {inbox / 'scan.pdf'}: ")
    assert lines[2] == f"imported: {inbox / 'tram.txt'} (article 2)"
    assert len(lines) == 3
    assert sorted(path.name for path in (inbox / "Imported").iterdir()) == [
        "harbour.txt", "tram.txt"]
    assert (inbox / "Not imported" / "scan.pdf.reason.txt").exists()
    assert (inbox / "page.html.crdownload").exists()
    listed = json.loads(broadsheet(library, "list", "--json").stdout)
    assert sorted(item["title"] for item in listed) == ["Harbour works begin", "Tram line extended"]
    assert all(item["tags"] == ["inbox"] for item in listed)
    again = broadsheet(library, "watch", str(inbox), "--once")
    assert (again.returncode, again.stdout) == (0, "")


def _lines(stream: object) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:  # type: ignore[attr-defined]
            found.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return found


@pytest.mark.slow  # a file is taken once it has stayed unchanged for a while: seconds each
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_watch_imports_files_as_they_come_and_stops_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    library = tmp_path / "lib.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "reader.cli.main", "--library", str(library), "watch",
         str(inbox)],
        cwd=REPO, env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    try:
        lines = _lines(process.stdout)
        time.sleep(0.5)
        (inbox / "harbour.txt").write_text(STORY, encoding="utf-8")
        assert lines.get(timeout=20) == f"imported: {inbox / 'harbour.txt'} (article 1)"
        (inbox / "again.txt").write_text(STORY, encoding="utf-8")
        assert lines.get(timeout=20) == (
            f"duplicate: {inbox / 'again.txt'} (same as article 1)")
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()
    assert sorted(path.name for path in (inbox / "Imported").iterdir()) == [
        "again.txt", "harbour.txt"]


def test_watch_needs_a_folder(tmp_path: Path) -> None:
    result = broadsheet(tmp_path / "lib.sqlite3", "watch", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"broadsheet: error: no such folder: {tmp_path / 'nowhere'}"
    (tmp_path / "file.txt").write_text(STORY, encoding="utf-8")
    result = broadsheet(tmp_path / "lib.sqlite3", "watch", str(tmp_path / "file.txt"))
    assert result.stderr.strip() == f"broadsheet: error: not a folder: {tmp_path / 'file.txt'}"


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_folder_nobody_may_write_is_imported_once_from_the_record(open_folder: Path) -> None:
    inbox = open_folder / "inbox"
    inbox.mkdir(mode=0o755)  # the user may read it, not write it
    (inbox / "harbour.txt").write_text(STORY, encoding="utf-8")
    library = open_folder / "lib.sqlite3"
    Library.open(library).close()
    library.chmod(0o666)
    code = f"""
        status = main(["--library", {str(library)!r}, "watch", {str(inbox)!r}, "--once"])
        print("status", status)
    """
    imports = """
        from reader.cli.main import main
        import reader.cli.watch, reader.importing.inbox, reader.importing.inbox_record
        import reader.importing.importer, reader.importing.parse_pool, reader.catalog.tags
        import json, tempfile, encodings.idna, sqlalchemy.dialects.sqlite
    """
    first = run_unprivileged(code, imports)
    assert first.stdout.splitlines() == [
        f"imported: {inbox / 'harbour.txt'} (article 1)", "status 0"], first.stderr
    assert (inbox / "harbour.txt").exists() and not (inbox / "Imported").exists()
    record = json.loads((open_folder / "lib.inbox.json").read_text(encoding="utf-8"))
    assert list(record["files"]) == [str(inbox / "harbour.txt")]
    second = run_unprivileged(code, imports)
    assert second.stdout.splitlines() == ["status 0"], second.stderr
