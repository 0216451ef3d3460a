"""Imports facing hostile folders and interruptions: names that are not UTF-8, nothing to
import, Ctrl+C and kill -9 while worker processes parse."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader import Library
from reader.importing.parse_pool import POOL_THRESHOLD
from tests.hostile_helpers import REPO, assert_refused, run_cli

TEXT = "Apples and pears number {n}\n\nThe harvest this autumn was the largest in decade {n}.\n"
BAD = os.fsdecode(b"\xff\xfe")


def _write(folder: Path, count: int, name: str = "f{n}.txt", first: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        (folder / name.format(n=n)).write_text(TEXT.format(n=n), encoding="utf-8")


# --- names that are not UTF-8 ----------------------------------------------------------------


def test_names_that_are_not_utf8_are_imported_under_a_printable_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "in"
    _write(inbox, 5)
    _write(inbox / f"folder{BAD}", 2, name=f"x{BAD}{{n}}.txt", first=100)
    (inbox / f"short{BAD}.txt").write_text("Too short.\n")
    result = run_cli(capsys, "--library", str(tmp_path / "lib.sqlite3"), "import",
                     str(inbox), "--json", "--tag", "inbox")
    assert result.returncode == 1, result.stderr  # one file failed: too short
    report = json.loads(result.stdout)
    assert len(report["imported"]) == 7
    paths = [item["path"] for item in report["imported"]]
    assert any(path.endswith("folder\\xff\\xfe/x\\xff\\xfe100.txt") for path in paths), paths
    assert report["failed"][0]["path"].endswith("short\\xff\\xfe.txt")
    with Library.open(tmp_path / "lib.sqlite3") as library:
        assert library.counts().total == 7
        assert [tag.count for tag in library.tags()] == [7]
        stored = {library.article(item["id"]).path for item in report["imported"]}
    assert stored == set(paths)
    text = run_cli(capsys, "--library", str(tmp_path / "lib2.sqlite3"), "import", str(inbox))
    assert "short\\xff\\xfe.txt" in text.stdout
    assert "Imported 7" in text.stdout


def test_not_utf8_names_on_the_real_command_line(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    _write(inbox, 1, name=f"caf{BAD}{{n}}.txt")
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli.main", "--library", str(tmp_path / "lib.sqlite3"),
         "import", os.fsencode(inbox / f"caf{BAD}0.txt")],
        cwd=REPO, capture_output=True, timeout=60, check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    assert b"Imported 1" in result.stdout


def test_export_and_restore_lines_name_paths_that_are_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "in"
    _write(inbox, 1)
    lib = tmp_path / f"lib{BAD}.sqlite3"
    run_cli(capsys, "--library", str(lib), "import", str(inbox))
    target = tmp_path / f"out{BAD}.json"
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "json", "--output",
                     str(target))
    assert result.returncode == 0 and "out\\xff\\xfe.json" in result.stdout
    result = run_cli(capsys, "--library", str(tmp_path / f"new{BAD}.sqlite3"), "restore",
                     str(target))
    assert result.returncode == 0 and "out\\xff\\xfe.json" in result.stdout


# --- nothing to import -----------------------------------------------------------------------


@pytest.mark.parametrize("extra", [None, "notes.pdf", ".hidden.txt"])
def test_a_folder_with_nothing_to_import_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str | None
) -> None:
    inbox = tmp_path / "empty"
    inbox.mkdir()
    if extra:
        (inbox / extra).write_text(TEXT.format(n=1))
    result = run_cli(capsys, "--library", str(tmp_path / "lib.sqlite3"), "import", str(inbox))
    assert_refused(result, "no .txt or .md files", str(inbox))
    assert "Imported 0" not in result.stdout
    as_json = run_cli(capsys, "--library", str(tmp_path / "lib.sqlite3"), "import",
                      str(inbox), "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["imported"] == []
    assert "no .txt or .md files" in as_json.stderr


# --- worker processes ------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_big_import(tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """An import of enough files to use worker processes, started in its own process group
    (as a terminal runs a command); returns once its workers are parsing."""
    inbox = tmp_path / "many"
    _write(inbox, POOL_THRESHOLD * 4)
    process = subprocess.Popen(
        [sys.executable, "-m", "reader.cli.main", "--library", str(tmp_path / "lib.sqlite3"),
         "import", str(inbox)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [pid for pid in _children(process.pid)
                   if "multiprocessing" in (Path("/proc") / str(pid) / "cmdline").read_text(
                       errors="replace")]
        time.sleep(0.05)
    if len(workers) < 2:
        process.kill()
        pytest.skip("the import finished before its workers could be seen")
    return process, workers


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_with_workers_stops_cleanly(tmp_path: Path) -> None:
    process, _workers = _start_big_import(tmp_path)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in a terminal does: the whole group
    stdout, stderr = process.communicate(timeout=120)
    assert b"Traceback" not in stderr, stderr.decode()
    assert b"BrokenProcessPool" not in stderr + stdout
    assert process.returncode == 130, stderr.decode()
    assert stdout.decode().strip().splitlines()[-1].startswith("Cancelled. Imported ")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_die_with_a_killed_import(tmp_path: Path) -> None:
    process, workers = _start_big_import(tmp_path)
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "worker processes outlived the killed import"


# --- the inbox folder ------------------------------------------------------------------------


def test_the_inbox_takes_names_that_are_not_utf8_once_and_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    _write(inbox, 1, name=f"caf{BAD}{{n}}.txt")
    _write(inbox, 1, name="evil\x1b[2J{n}.txt", first=10)
    library = str(tmp_path / "lib.sqlite3")
    result = run_cli(capsys, "--library", library, "watch", str(inbox), "--once")
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stdout
    assert "caf\\xff\\xfe0.txt" in result.stdout and "evil\\x1b[2J10.txt" in result.stdout
    assert "\x1b" not in result.stdout
    assert len(list((inbox / "Imported").iterdir())) == 2
    again = run_cli(capsys, "--library", library, "watch", str(inbox), "--once")
    assert (again.returncode, again.stdout) == (0, "")


def test_the_inbox_record_keeps_names_that_are_not_utf8(tmp_path: Path) -> None:
    from reader.importing.inbox_record import InboxRecord, Signature

    name = tmp_path / "in" / f"caf{BAD}.txt"
    record = InboxRecord(tmp_path / "lib.inbox.json")
    record.remember(name, Signature(10, 20), "imported")  # a folder Broadsheet cannot write
    assert InboxRecord(tmp_path / "lib.inbox.json").knows(name, Signature(10, 20))
