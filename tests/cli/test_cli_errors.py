"""The ``broadsheet`` command line refusing bad input with one line and the right exit
status, choosing its library, and starting without Qt."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from reader.cli.main import main
from tests.cli.support import (
    REPO,
    _env,
    article,
    as_json,
    assert_one_line_error,
    broadsheet,
    broadsheet_process,
    in_process,
)

# --- errors ----------------------------------------------------------------------------------


def test_unknown_id_is_one_line_and_exit_1(lib: Path) -> None:
    assert_one_line_error(broadsheet("show", "42", library=lib), "no article with id 42")


@pytest.mark.parametrize(
    "command",
    [
        ["show", "42", "--json"],
        ["set", "42", "--title", "Nope"],
        ["set", "42", "--read"],
        ["tag", "42", "--add", "x"],
        ["tag", "1", "42", "--remove", "seed"],
        ["note", "42", "--set", "x"],
    ],
)
def test_every_command_reports_an_unknown_id(
    lib: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_one_line_error(in_process(capsys, "--library", str(lib), *command), "id 42")


def test_bad_date_is_one_line_error(lib: Path, ids: dict[str, int]) -> None:
    result = broadsheet("set", str(ids["a.txt"]), "--date", "31/02/2024", "--title", "X",
                        library=lib)
    assert_one_line_error(result, "not a date")
    assert article(lib, ids["a.txt"]).title != "X"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--date", "2024-02-30"], "date"),
        (["--date", "yesterday"], "date"),
        (["--title", "   "], "title"),
    ],
)
def test_bad_values_change_nothing(
    lib: Path,
    ids: dict[str, int],
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    expected: str,
) -> None:
    result = in_process(capsys, "--library", str(lib), "set", str(ids["a.txt"]), *arguments)
    assert_one_line_error(result, expected)
    assert article(lib, ids["a.txt"]).published == date(2024, 3, 20)


def test_bad_tag_name_is_one_line_error(
    lib: Path, ids: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    result = in_process(capsys, "--library", str(lib), "tag", str(ids["a.txt"]), "--add", " / ")
    assert_one_line_error(result, "tag")


def test_library_that_is_a_folder_or_not_a_database(tmp_path: Path) -> None:
    assert_one_line_error(broadsheet("list", library=tmp_path), str(tmp_path))
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("shopping list: eggs, milk\n" * 100)
    assert_one_line_error(broadsheet("list", "--json", library=junk), "not a SQLite database")
    assert junk.read_text().startswith("shopping list")


def test_bad_option_without_a_command_exits_2(tmp_path: Path) -> None:
    result = broadsheet_process("--no-such-option", library=tmp_path / "lib.sqlite3")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage:" in result.stderr
    assert not (tmp_path / "lib.sqlite3").exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["list", "--sort", "colour"],
        ["list", "--limit", "none"],
        ["list", "--limit", "0"],
        ["list", "--starred", "--unread"],
        ["show", "abc"],
        ["import"],
        ["tag", "1"],
        ["set", "1"],
        ["note", "1", "--set", "a", "--append", "b"],
        ["set", "1", "--read", "--unread"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(
    lib: Path, arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = in_process(capsys, "--library", str(lib), *arguments)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_environment_variable_names_the_library(lib: Path, tmp_path: Path) -> None:
    rows = as_json(broadsheet("list", "--json", BROADSHEET_LIBRARY=str(lib)))
    assert len(rows) == 3


def test_library_option_wins_over_the_environment(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_LIBRARY", str(lib))
    other = in_process(capsys, "--library", str(tmp_path / "new.sqlite3"), "list", "--json")
    assert json.loads(other.stdout) == []


def test_commands_never_load_qt(lib: Path) -> None:
    script = (
        "import sys\n"
        "from reader.cli.main import main\n"
        f"status = main(['--library', {str(lib)!r}, 'list', '--json'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=_env(),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_no_command_opens_the_window_on_the_library(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """main.py parses the arguments once and hands the window only the library named."""
    import main as entry

    received: list[str | None] = []
    fake = types.ModuleType("ui.app")
    fake.main = lambda library: received.append(library) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    assert entry.main(["--library", str(tmp_path / "lib.sqlite3")]) == 0
    assert entry.main([]) == 0
    assert received == [str(tmp_path / "lib.sqlite3"), None]


def test_main_py_runs_a_command_in_a_process_of_its_own(lib: Path) -> None:
    """The entry users start: ``python main.py``, as the ``broadsheet`` script does."""
    result = subprocess.run(
        [sys.executable, "main.py", "--library", str(lib), "list", "--json"], cwd=REPO,
        env=_env(), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        check=False,
    )
    assert len(as_json(result)) == 3


def test_missing_gui_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import main as entry

    monkeypatch.setitem(sys.modules, "ui.app", None)
    status = entry.main([])
    result = subprocess.CompletedProcess([], status, "", capsys.readouterr().err)
    assert_one_line_error(result, "desktop application")


def test_reader_alone_needs_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    result = in_process(capsys)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "broadsheet: error: give a command (or start Broadsheet without one to open the window)"
    )


def test_search_prints_list_rows_best_first(lib: Path, ids: dict[str, int]) -> None:
    rows = as_json(broadsheet("search", "apples OR monsoon", "--json", library=lib))
    assert {row["id"] for row in rows} <= set(ids.values())
    assert rows and set(rows[0]) == {
        "id", "title", "published", "source", "tags", "read", "starred", "has_note",
        "highlights", "url", "author", "text_fetched",
    }
    bad = broadsheet("search", '"unclosed', library=lib)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


# --- start-up --------------------------------------------------------------------------------


def test_a_command_runs_with_the_collector_back_on(
    lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """main.py turns the garbage collector off while it loads; an import of 100,000 files
    must not run that way."""
    gc.disable()
    try:
        assert main(["--library", str(lib), "list", "--json"]) == 0
        assert gc.isenabled()
        assert len(json.loads(capsys.readouterr().out)) == 3
    finally:
        gc.enable()
        gc.unfreeze()
