"""The command line given hostile arguments: huge and foreign numbers, library paths that
would lose everything, closed streams, bytes that are not UTF-8. Each is one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import Library
from tests.hostile_helpers import (
    REPO,
    assert_refused,
    fill_library,
    make_library,
    run_cli,
    run_process,
)

BOTH_ENGINES = True  # for the tests that take ``located``
BIG = str(2**63)
HUGE = "9" * 5000


@pytest.fixture()
def lib(tmp_path: Path) -> Path:
    return make_library(tmp_path)


@pytest.fixture()
def located(library_location: str, tmp_path: Path) -> str:
    """The two articles' library on each engine."""
    return fill_library(library_location, tmp_path)


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [BIG, HUGE, str(2**64)])
@pytest.mark.parametrize(
    "command",
    [
        ["show", "{n}"],
        ["show", "{n}", "--json"],
        ["tag", "{n}", "--add", "x"],
        ["tag", "1", "{n}", "--remove", "x"],
        ["note", "{n}", "--set", "x"],
        ["note", "{n}"],
        ["set", "{n}", "--title", "x"],
        ["related", "{n}"],
        ["suggest-tags", "{n}", "--json"],
    ],
)
def test_ids_of_2_63_and_more_are_refused_in_one_line(
    located: str, capsys: pytest.CaptureFixture[str], command: list[str], number: str
) -> None:
    argv = [part.replace("{n}", number) for part in command]
    result = run_cli(capsys, "--library", located, *argv)
    assert_refused(result, "not an article id", status=2)
    with Library.open(located) as library:
        assert [tag.name for tag in library.tags()] == []
        assert library.note(1).text == ""


@pytest.mark.parametrize("command", [["list"], ["search", "harbour"]])
@pytest.mark.parametrize("number", [str(2**63 - 1), BIG, str(2**70)])
def test_limits_of_2_63_and_more_mean_every_article(
    located: str, capsys: pytest.CaptureFixture[str], command: list[str], number: str
) -> None:
    result = run_cli(capsys, "--library", located, *command, "--limit", number, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == (2 if command == ["list"] else 1)


def test_a_limit_of_thousands_of_digits_means_every_article(
    located: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "--library", located, "list", "--limit", HUGE, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2


@pytest.mark.parametrize("number", [BIG, HUGE])
def test_a_related_limit_past_2_63_means_every_related_article(
    located: str, capsys: pytest.CaptureFixture[str], number: str
) -> None:
    every = run_cli(capsys, "--library", located, "related", "1", "--limit", "1000", "--json")
    result = run_cli(capsys, "--library", located, "related", "1", "--limit", number, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(every.stdout)


def test_the_library_finds_no_article_at_ids_beyond_its_range(located: str) -> None:
    from reader import NotFound

    with Library.open(located) as library:
        for call in (lambda: library.article(2**63), lambda: library.set_read([2**63]),
                     lambda: library.note(-(2**63) - 1), lambda: library.highlights(2**63),
                     lambda: library.update_highlight(2**64, comment="x"),
                     lambda: library.article(2**40), lambda: library.set_read([2**40])):
            with pytest.raises(NotFound):
                call()
        assert library.summaries([2**64, 2**40, 1])[0].id == 1
        assert len(library.list_articles(limit=2**64)) == 2
        assert len(library.article_ids(limit=2**63)) == 2


@pytest.mark.parametrize("text", ["٣", "1_0", "１", "+1", " 1", "1.0", "0x1", "²"])
def test_ids_and_limits_are_ascii_digits_only(
    located: str, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    assert_refused(run_cli(capsys, "--library", located, "show", text), "not an article id",
                   status=2)
    for command in (["list"], ["related", "1"]):
        assert_refused(run_cli(capsys, "--library", located, *command, "--limit", text),
                       "not a whole number", status=2)


# --- library paths ---------------------------------------------------------------------------


def test_a_library_in_memory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "a.txt"
    inbox.write_text("Apples and pears\n\nThe harvest this autumn was the largest in years.\n")
    assert_refused(run_cli(capsys, "--library", ":memory:", "import", str(inbox)),
                   ":memory:", "not kept")
    monkeypatch.setenv("BROADSHEET_LIBRARY", ":memory:")
    assert_refused(run_cli(capsys, "tag", "1", "--add", "x"), ":memory:", "not kept")
    with pytest.raises(Exception, match="not kept"):
        Library.open(":memory:")


def test_an_empty_library_path_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "default" / "library.sqlite3"
    monkeypatch.setattr("reader.paths.default_library_path", lambda: default)
    assert_refused(run_cli(capsys, "--library", "", "list"), "empty")
    assert not default.exists()


def test_an_unknown_user_in_the_library_path_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert_refused(run_cli(capsys, "--library", "~no-such-user-here/lib.sqlite3", "list"),
                   "~no-such-user-here")


@pytest.mark.parametrize("command", [["list"], ["tags"], ["show", "1"], ["search", "x"],
                                     ["tag", "1", "--add", "x"]])
def test_a_library_in_a_missing_folder_is_refused_outside_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    where = tmp_path / "typo" / "deeper" / "lib.sqlite3"
    assert_refused(run_cli(capsys, "--library", str(where), *command),
                   "does not exist", str(where.parent))
    assert not (tmp_path / "typo").exists()


def test_import_into_a_missing_folder_says_it_made_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "a.txt"
    note.write_text("Apples and pears\n\nThe harvest this autumn was the largest in years.\n")
    where = tmp_path / "new" / "lib.sqlite3"
    result = run_cli(capsys, "--library", str(where), "import", str(note))
    assert result.returncode == 0, result.stderr
    assert f"created the folder {where.parent}" in result.stderr
    assert where.is_file()


# --- streams ---------------------------------------------------------------------------------


def _closed(stream: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``broadsheet ARGS`` started with ``stream`` (1 or 2) closed, as ``>&-`` does."""
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {stream}>&-', "sh", sys.executable, "-m", "reader.cli.main",
         *args],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
        stdin=subprocess.DEVNULL,
    )


def test_a_closed_standard_output_is_one_line(lib: Path) -> None:
    for args in (["list"], ["tags", "--json"], ["show", "1"]):
        result = _closed("1", "--library", str(lib), *args)
        assert_refused(result, "standard output is closed")
    # A command that prints nothing does its work.
    assert _closed("1", "--library", str(lib), "set", "1", "--star").returncode == 0
    with Library.open(lib) as library:
        assert library.article(1).starred


def test_a_closed_standard_error_changes_nothing_else(lib: Path) -> None:
    result = _closed("2", "--library", str(lib), "show", "99")
    assert result.returncode == 1
    result = _closed("2", "--library", str(lib), "import", str(lib.parent / "inbox"))
    assert result.returncode == 0
    assert "Traceback" not in result.stdout


# --- bytes that are not UTF-8 ----------------------------------------------------------------

NOT_UTF8 = os.fsdecode(b"caf\xe9")


@pytest.mark.parametrize(
    "command",
    [
        ["tag", "1", "--add", NOT_UTF8],
        ["tag", "1", "--remove", NOT_UTF8],
        ["note", "1", "--set", NOT_UTF8],
        ["note", "1", "--append", NOT_UTF8],
        ["set", "1", "--title", NOT_UTF8],
        ["set", "1", "--source", NOT_UTF8],
        ["set", "1", "--date", NOT_UTF8],
        ["list", "--tag", NOT_UTF8],
    ],
)
def test_arguments_that_are_not_utf8_are_refused(
    located: str, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert_refused(run_cli(capsys, "--library", located, *command), "UTF-8")
    with Library.open(located) as library:
        article = library.article(1)
    assert (article.note.text, article.tags) == ("", ())
    assert "caf" not in article.title + (article.source or "")


def test_not_utf8_bytes_on_the_command_line_and_stdin(lib: Path) -> None:
    """The real thing: bytes in argv and on stdin, decoded as Python does at start-up."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"reader.cli.main", b"--library", os.fsencode(lib),
         b"tag", b"1", b"--add", b"caf\xe9"],
        cwd=REPO, capture_output=True, timeout=60, check=False, env=env,
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert b"UTF-8" in result.stderr
    piped = run_process("--library", str(lib), "note", "1", input=b"caf\xe9 notes\n",
                        stdin=None, env=env)
    assert piped.returncode == 1, piped.stderr
    assert b"Traceback" not in piped.stderr
    assert b"UTF-8" in piped.stderr
    with Library.open(lib) as library:
        assert library.note(1).text == ""


def test_a_library_path_that_is_not_utf8_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = tmp_path / os.fsdecode(b"lib\xff.sqlite3")
    note = tmp_path / "a.txt"
    note.write_text("Apples and pears\n\nThe harvest this autumn was the largest in years.\n")
    result = run_cli(capsys, "--library", str(where), "import", str(note))
    assert result.returncode == 0, result.stderr
    result = run_cli(capsys, "--library", str(where), "list", "--json")
    assert [row["title"] for row in json.loads(result.stdout)] == ["Apples and pears"]
