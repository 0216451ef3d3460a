"""Exports that must never overwrite the library, leave debris, or ignore the user's
file system: the library as output, permissions, symlinks, standard output, long names."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import Library
from tests.hostile_helpers import REPO, assert_refused, make_library, run_cli

FORMATS = ["json", "csv", "markdown"]


@pytest.fixture()
def lib(tmp_path: Path) -> Path:
    return make_library(tmp_path)


def _article_count(path: Path) -> int:
    with Library.open(path) as library:
        return library.counts().total


# --- the library is never an output ----------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("which", ["library", "wal", "shm", "symlink", "hardlink", "relative"])
def test_export_refuses_to_overwrite_the_library(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    fmt: str, which: str,
) -> None:
    with Library.open(lib) as library:  # kept open: its -wal and -shm files exist meanwhile
        library.set_starred([1])
        target = {
            "library": lib, "wal": Path(f"{lib}-wal"), "shm": Path(f"{lib}-shm"),
            "symlink": tmp_path / "link.md", "hardlink": tmp_path / "hard.md",
            "relative": Path("lib.sqlite3"),
        }[which]
        if which == "symlink":
            target.symlink_to(lib)
        elif which == "hardlink":
            os.link(lib, target)
        monkeypatch.chdir(tmp_path)
        before = lib.read_bytes()
        result = run_cli(capsys, "--library", str(lib), "export", "--format", fmt,
                         "--output", str(target))
        assert_refused(result, "library")
        assert lib.read_bytes() == before
    assert _article_count(lib) == 2


def test_a_library_named_like_a_digest_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = make_library(tmp_path)
    named = lib.rename(tmp_path / "notes.md")
    result = run_cli(capsys, "--library", str(named), "export", "--format", "markdown",
                     "--output", str(named))
    assert_refused(result, "library")
    assert _article_count(named) == 2


def test_export_refuses_the_backup_files(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Library.open(lib) as library:
        backup = library.backups.make()
    before = backup.read_bytes()
    for fmt in FORMATS:
        result = run_cli(capsys, "--library", str(lib), "export", "--format", fmt,
                         "--output", str(backup))
        assert_refused(result, "backup")
    assert backup.read_bytes() == before


def test_a_server_librarys_backups_are_never_an_output(
    postgres_server: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server library has no file here, but its pg_dump backups live in a folder of this
    machine, and a revert needs them whole."""
    location = postgres_server.new_database()  # type: ignore[attr-defined]
    with Library.open(location) as library:
        folder = library.path / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / "20260101-000000-000000-daily.dump"
    dump.write_bytes(b"PGDMP a backup")
    for fmt in FORMATS:
        result = run_cli(capsys, "--library", location, "export", "--format", fmt,
                         "--output", str(dump))
        assert_refused(result, "backup")
    assert dump.read_bytes() == b"PGDMP a backup"


def test_a_markdown_file_that_links_to_the_library_is_not_written_through(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "harbour-works-began-on-monday-after-the-winter-storms-damaged-1.md").symlink_to(
        lib)
    (folder / "apples-and-pears-2.md").symlink_to(lib)
    before = lib.read_bytes()
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "markdown",
                     "--output", str(folder))
    assert_refused(result, "library")
    assert lib.read_bytes() == before


# --- the user's file system ------------------------------------------------------------------


@pytest.fixture()
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_exports_follow_the_umask(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], umask: None, fmt: str,
    mask: int,
) -> None:
    os.umask(mask)
    target = tmp_path / ("out.md" if fmt == "markdown" else f"out.{fmt}")
    assert run_cli(capsys, "--library", str(lib), "export", "--format", fmt, "--output",
                   str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    folder = tmp_path / "folder"
    assert run_cli(capsys, "--library", str(lib), "export", "--format", "markdown",
                   "--output", str(folder)).returncode == 0
    for written in folder.iterdir():
        assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~mask


def test_replacing_an_export_keeps_its_permissions(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], umask: None
) -> None:
    target = tmp_path / "shared.csv"
    target.write_text("old")
    target.chmod(0o664)
    assert run_cli(capsys, "--library", str(lib), "export", "--format", "csv", "--output",
                   str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert target.read_text().startswith("id,")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_through_a_symlink_writes_its_target(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    real = tmp_path / "elsewhere" / ("real.md" if fmt == "markdown" else "real.out")
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / ("link.md" if fmt == "markdown" else "link.out")
    link.symlink_to(real)
    assert run_cli(capsys, "--library", str(lib), "export", "--format", fmt, "--output",
                   str(link)).returncode == 0
    assert link.is_symlink()
    assert real.read_text() != "old"
    assert "Harbour" in real.read_text()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_output_is_refused(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, fmt: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    assert_refused(run_cli(capsys, "--library", str(lib), "export", "--format", fmt,
                           "--output", ""), "empty")
    assert sorted(tmp_path.iterdir()) == before


def test_a_dash_writes_json_and_csv_to_standard_output(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "json", "--output",
                     "-")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["articles"]) == 2
    assert "Exported 2 articles" in result.stderr
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "csv", "--output",
                     "-", "harbour")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "id" and len(rows) == 2
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "markdown",
                     "--output", "-")
    assert result.stdout.startswith("# Notes and highlights")
    assert not (tmp_path / "-").exists()


# --- temporary files -------------------------------------------------------------------------


def test_errors_name_the_export_not_its_temporary_file(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / ("a" * 250 + ".json")
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "json", "--output",
                     str(target))
    assert ".part" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text())["format"] == "broadsheet-library"
    missing = tmp_path / "read-only" / "x.json"
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "json", "--output",
                     str(missing))
    assert ".part" not in result.stderr and "read-only" in result.stderr


def _killed_export(lib: Path, target: Path, fmt: str) -> None:
    """An export killed (SIGKILL) half-way: after the first page of a file export, inside
    the second file of a folder of Markdown."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from reader import Library\n"
        "from reader.settings import DEFAULT_HIGHLIGHT_COLORS\n"
        "from reader.transfer import markdown_notes\n"
        "def die(*args):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "rendered = markdown_notes.render_article\n"
        "def render(record, *args, **kwargs):\n"
        "    if record['id'] == 2:\n"
        "        die()\n"
        "    return rendered(record, *args, **kwargs)\n"
        "markdown_notes.render_article = render\n"
        f"with Library.open({str(lib)!r}) as library:\n"
        f"    if {fmt!r} == 'markdown':\n"
        f"        library.transfer.export_markdown(Path({str(target)!r}), [1, 2],\n"
        "            colors=DEFAULT_HIGHLIGHT_COLORS, one_file=False)\n"
        "    else:\n"
        f"        library.transfer.export_{fmt}(Path({str(target)!r}),\n"
        "            progress=lambda done, total: done and die())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, check=False,
                            capture_output=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_killed_export_leaves_a_part_file_the_next_export_removes(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    target = tmp_path / "out" / f"export.{fmt}"
    target.parent.mkdir()
    _killed_export(lib, target, fmt)
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".part")]
    assert run_cli(capsys, "--library", str(lib), "export", "--format", fmt, "--output",
                   str(target)).returncode == 0
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_a_killed_markdown_export_is_tidied_by_the_next_one(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    _killed_export(lib, folder, "markdown")
    assert len([p for p in folder.iterdir() if p.name.endswith(".part")]) == 1
    assert run_cli(capsys, "--library", str(lib), "export", "--format", "markdown",
                   "--output", str(folder)).returncode == 0
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]
    assert len(list(folder.iterdir())) == 2


# --- file names ------------------------------------------------------------------------------


@pytest.mark.parametrize("title", [
    "𓀀𓀁𓀂𓀃 " * 40,                      # four-byte letters, in words
    "𓀀" * 200,                           # one long four-byte word
    "ไม่มีอะไร " * 40,                     # combining marks
    "新聞 " * 100,
])
def test_markdown_file_names_fit_every_file_system(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    lib = make_library(tmp_path)
    with Library.open(lib) as library:
        library.update_article(1, title=title[:1000])
    folder = tmp_path / "notes"
    result = run_cli(capsys, "--library", str(lib), "export", "--format", "markdown",
                     "--output", str(folder))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2
    assert all(len(os.fsencode(name)) <= 150 for name in names), names
