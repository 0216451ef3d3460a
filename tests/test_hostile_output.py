"""What the command line prints never drives the terminal: control characters (ESC
sequences, C1 codes) stored in titles, sources, tags, notes or file names are shown as
escapes in text, direction overrides are closed where their text ends, and JSON escapes both
without losing a character."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from reader.store.sqlite_tokens import add_tokens_function
from reader.text_direction import contained
from tests.hostile_helpers import make_library, run_cli

ESC_TITLE = "Harbour \x1b]0;owned\x07news \x1b[2J\x9b31m"
BIDI_TITLE = "\u202egnp.exe " + "long words " * 20
# What a terminal acts on: C0 and C1 controls (but line breaks and tabs where text keeps
# them) and DEL.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
DIRECTION = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _closed(output: str) -> bool:
    """Whether every line closes the direction controls it opens."""
    return all(contained(line) == line for line in output.splitlines())


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    """A library whose rows hold what older versions let in: control characters and bidi
    overrides in a title, a source, a tag, a note and a highlight comment."""
    path = make_library(tmp_path)
    with sqlite3.connect(path) as raw:
        add_tokens_function(raw)  # the index's triggers call it
        raw.execute("UPDATE articles SET title = ?, source = ? WHERE id = 1",
                    (ESC_TITLE, "Wire\x1b[5m"))
        raw.execute("UPDATE articles SET title = ? WHERE id = 2", (BIDI_TITLE,))
        raw.execute("INSERT INTO tags (name, key, color) VALUES (?, ?, NULL)",
                    ("red\x1b[31m", "red\x1b[31m"))
        raw.execute("INSERT INTO article_tags (tag_id, article_id) VALUES (1, 1), (1, 2)")
        raw.execute("INSERT INTO notes (article_id, text, updated_at) VALUES "
                    "(1, ?, '2024-01-01 00:00:00')", ("line one\n\x1b[1mbold\x1b[0m\tend",))
        raw.execute("INSERT INTO highlights (article_id, start, end, text, color, comment, "
                    "created_at) VALUES (1, 0, 4, 'date', 'yellow', ?, '2024-01-01')",
                    ("see \u202eesrever",))
    return path


@pytest.mark.parametrize(
    "command",
    [["list"], ["list", "--tag", "red\x1b[31m"], ["search", "harbour"], ["show", "1"],
     ["show", "2"], ["tags"], ["note", "1"], ["tag", "1", "2", "--add", "other"]],
)
def test_text_output_never_carries_terminal_controls(
    hostile: Path, capsys: pytest.CaptureFixture[str], command: list[str], monkeypatch:
    pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # the list cuts titles: the cut must not open one
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # ``note 1`` reads no note from it
    result = run_cli(capsys, "--library", str(hostile), *command)
    assert result.returncode == 0, result.stderr
    assert RAW.search(result.stdout) is None, result.stdout
    assert _closed(result.stdout), result.stdout
    assert "\\x1b" in result.stdout


def test_show_keeps_the_note_lines_and_shows_what_was_hidden(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = run_cli(capsys, "--library", str(hostile), "show", "1").stdout
    assert "line one\n\\x1b[1mbold\\x1b[0m\tend" in shown
    assert "Source: Wire\\x1b[5m" in shown
    assert "\\x9b31m" in shown


@pytest.mark.parametrize("command", [["list", "--json"], ["show", "1", "--json"],
                                     ["show", "2", "--json"], ["tags", "--json"]])
def test_json_escapes_controls_and_keeps_every_character(
    hostile: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    result = run_cli(capsys, "--library", str(hostile), *command)
    assert RAW.search(result.stdout.replace("\n", "")) is None
    assert DIRECTION.search(result.stdout) is None  # escaped: in JSON they are data
    assert "\u2028" not in result.stdout
    text = json.dumps(json.loads(result.stdout), ensure_ascii=False)
    assert any(value in text for value in (ESC_TITLE, BIDI_TITLE, "red\x1b[31m")) or (
        "red\\u001b[31m" in text)


def test_file_names_in_import_reports_are_shown_not_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "evil\x1b[2J.txt").write_text("Short\n\nToo few words.\n")
    (inbox / "fine\u202etxt.md").write_text(
        "Apples and pears\n\nThe harvest this autumn was the largest in a decade.\n")
    result = run_cli(capsys, "--library", str(tmp_path / "lib.sqlite3"), "import", str(inbox),
                     str(tmp_path / "missing\x1b[31m"))
    assert RAW.search(result.stdout + result.stderr) is None
    assert _closed(result.stdout)
    assert "evil\\x1b[2J.txt" in result.stdout
    assert "missing\\x1b[31m" in result.stdout


def test_error_lines_never_carry_terminal_controls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "--library", str(tmp_path / "lib\x1b[2J.sqlite3"), "restore",
                     str(tmp_path / "gone\x1b]0;x\x07.json"))
    assert result.returncode == 1
    assert RAW.search(result.stderr) is None
    assert "\\x1b" in result.stderr
